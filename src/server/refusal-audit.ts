import type { ErrorCode } from '../core/errors/codes.js';
import type { AuditStore } from '../core/store/types.js';
import { log } from '../log.js';

/** Who was refused, and why: one aggregate per distinct source. */
export interface RefusalSource {
  door: 'mcp' | 'slack' | 'api';
  remote: string;
  code: ErrorCode;
  reason: string;
}

interface Window {
  source: RefusalSource;
  firstAt: string;
  lastAt: string;
  /** Refusals after the one already written. */
  count: number;
  limited: number;
  timer: NodeJS.Timeout;
}

/**
 * Refusals of unauthenticated HTTP requests in the audit log, aggregated: the first refusal from a source is
 * written at once (count 1); the rest within `windowMs` become one record with their count when the window ends
 * (or the server stops). A flood costs one or two audit rows per source per window, and the counts stay exact.
 */
export class RefusalAudit {
  private readonly windows = new Map<string, Window>();
  private readonly writing = new Set<Promise<unknown>>();

  constructor(
    private readonly audit: Pick<AuditStore, 'append'>,
    private readonly windowMs = 60_000,
  ) {}

  record(source: RefusalSource, request: { method: string; path: string }, limited: boolean): void {
    const key = JSON.stringify([source.door, source.remote, source.code, source.reason]);
    const at = new Date().toISOString();
    const open = this.windows.get(key);
    if (open) {
      open.count++;
      open.lastAt = at;
      if (limited) open.limited++;
      return;
    }
    const timer = setTimeout(() => this.flush(key), this.windowMs);
    timer.unref();
    this.windows.set(key, { source, firstAt: at, lastAt: at, count: 0, limited: 0, timer });
    this.write(source, { method: request.method, path: request.path, count: 1, rate_limited: limited ? 1 : 0 });
  }

  /** Writes every open window's count and waits for every write. */
  async close(): Promise<void> {
    for (const key of [...this.windows.keys()]) this.flush(key);
    await Promise.all([...this.writing]);
  }

  private flush(key: string): void {
    const w = this.windows.get(key);
    if (!w) return;
    clearTimeout(w.timer);
    this.windows.delete(key);
    if (w.count === 0) return;
    this.write(w.source, {
      count: w.count,
      rate_limited: w.limited,
      first_at: w.firstAt,
      last_at: w.lastAt,
      window_seconds: this.windowMs / 1000,
    });
  }

  private write(source: RefusalSource, details: Record<string, unknown>): void {
    const p = this.audit
      .append({
        event: 'refused',
        actor: { id: 'anonymous', via: source.door },
        operation: `${source.door}_auth`,
        error: { code: source.code, message: source.reason },
        details: { remote: source.remote, ...details },
      })
      .catch((e: unknown) =>
        log.error({ err: e instanceof Error ? e.message : String(e), door: source.door }, 'could not audit refusals'),
      );
    this.writing.add(p);
    void p.finally(() => this.writing.delete(p));
  }
}
