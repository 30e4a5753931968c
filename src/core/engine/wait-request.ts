import type { RequestRow } from '../store/types.js';
import type { Progress } from './operation.js';

/** Where a wait reads a request and hears of its changes: the store, and this process's job runner. */
export interface RequestSource {
  row(id: string): Promise<RequestRow>;
  subscribe(id: string, listener: () => void): () => void;
}

/**
 * Waits for a request to reach a condition, across processes: polls the store, and wakes at once
 * when this process's job runner reports a change. Returns the row as it last was.
 */
export async function waitForRequest(
  source: RequestSource,
  id: string,
  opts: {
    timeoutMs: number;
    until: (row: RequestRow) => boolean;
    signal?: AbortSignal | undefined;
    onProgress?: ((p: Progress) => void) | undefined;
    pollMs?: number;
  },
): Promise<RequestRow> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastProgress: string | undefined;
  let wake: () => void = () => {};
  const unsubscribe = source.subscribe(id, () => wake());
  try {
    for (;;) {
      const row = await source.row(id);
      if (row.progress && row.progress.at !== lastProgress) {
        lastProgress = row.progress.at;
        opts.onProgress?.({ message: row.progress.message, fraction: row.progress.fraction });
      }
      if (opts.until(row) || Date.now() >= deadline || opts.signal?.aborted) return row;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(opts.pollMs ?? 250, Math.max(0, deadline - Date.now())));
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  } finally {
    unsubscribe();
  }
}
