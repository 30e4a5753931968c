/** The first `limit` items of an async iterator, and whether there were more (pagination stays hidden). */
export async function take<T>(items: AsyncIterable<T>, limit: number): Promise<{ items: T[]; truncated: boolean }> {
  const out: T[] = [];
  for await (const item of items) {
    if (out.length === limit) return { items: out, truncated: true };
    out.push(item);
  }
  return { items: out, truncated: false };
}
