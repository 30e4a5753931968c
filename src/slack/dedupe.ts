import { createHash } from 'node:crypto';

/**
 * Keys seen recently (default 10 minutes): Slack retries a request it thinks went unanswered, and a retry must
 * never run a command twice. Memory stays bounded: expired keys are dropped as new ones arrive.
 */
export class RecentKeys {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time a key is offered within the ttl, false for repeats (and it remembers the key). */
  firstTime(key: string): boolean {
    const t = this.now();
    this.sweep(t);
    if (this.seen.has(key)) return false;
    this.seen.set(key, t);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(t: number): void {
    // Map iteration is insertion order, so the oldest keys come first.
    for (const [key, at] of this.seen) {
      if (t - at < this.ttlMs) break;
      this.seen.delete(key);
    }
  }
}

/**
 * The identity of a Slack request for deduplication: a retry carries the same body (the same trigger_id, user,
 * text, action), whatever its new timestamp and signature.
 */
export function requestKey(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}
