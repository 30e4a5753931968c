/** Most keys remembered at once; past it the longest-unused key is forgotten (it starts again with a full bucket). */
const MAX_KEYS = 10_000;

/**
 * One token bucket per key (a remote address): `burst` requests at once, then `perSecond`. A key whose bucket has
 * refilled is forgotten, so many addresses that each fail once do not pile up.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token for `key`: 0 when there was one, else the whole seconds until there is one again. */
  take(key: string): number {
    const t = this.now();
    const b = this.refilled(key, t);
    this.buckets.delete(key); // re-inserted last: the Map's order is then least recently used first
    this.buckets.set(key, b);
    if (this.buckets.size > MAX_KEYS) this.buckets.delete(this.buckets.keys().next().value as string);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond));
  }

  /** Forgets every key whose bucket is full again. */
  prune(): void {
    const t = this.now();
    for (const key of [...this.buckets.keys()])
      if (this.refilled(key, t).tokens >= this.burst) this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, t: number) {
    const b = this.buckets.get(key);
    if (!b) return { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    return b;
  }
}
