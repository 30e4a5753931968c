import type { AxiosInstance } from 'axios';
import { z } from 'zod';

export interface Page<T> {
  items: T[];
  /** The service's link to the next page (Glance `next`, Cinder/Nova/Neutron `*_links` rel=next). */
  next: string | undefined;
}

export type Query = Record<string, string | number | boolean | undefined>;

const MAX_PAGES = 10_000;

function toSearchParams(query: Query): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  return params;
}

/**
 * Follows next links until the last page. Only the link's query (marker, limit, filters) is reused, against our
 * own base URL: services build absolute links from their configured public URL, which a proxy may not match.
 */
export async function* paginate<T>(
  http: AxiosInstance,
  path: string,
  query: Query,
  readPage: (body: unknown) => Page<T>,
): AsyncGenerator<T, void, undefined> {
  let params = toSearchParams(query);
  const seen = new Set<string>();
  for (let n = 0; n < MAX_PAGES; n++) {
    const res = await http.get(path, { params });
    const page = readPage(res.data);
    yield* page.items;
    if (!page.next || page.items.length === 0) return;
    params = new URL(page.next, 'http://next.invalid').searchParams;
    const key = params.toString();
    if (seen.has(key)) return; // a service repeating its link would loop forever
    seen.add(key);
  }
}

/** A `*_links` array (Cinder, Nova, Neutron). */
export const LinksSchema = z.array(z.looseObject({ href: z.string(), rel: z.string().optional() })).optional();

/** The href of rel=next in a `*_links` array. */
export function nextLink(links: { href: string; rel?: string | undefined }[] | undefined): string | undefined {
  return links?.find((l) => l.rel === 'next')?.href;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
