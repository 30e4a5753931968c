/** What a modal carries between opening and submission (private_metadata, at most 3000 characters). */
export interface ViewMetadata {
  request_id?: string | undefined;
  channel?: string | undefined;
}

export function encodeMetadata(m: ViewMetadata): string {
  return JSON.stringify(m);
}

export function decodeMetadata(s: string | undefined): ViewMetadata {
  try {
    const v = JSON.parse(s ?? '{}') as Record<string, unknown>;
    return {
      request_id: typeof v['request_id'] === 'string' ? v['request_id'] : undefined,
      channel: typeof v['channel'] === 'string' ? v['channel'] : undefined,
    };
  } catch {
    return {};
  }
}
