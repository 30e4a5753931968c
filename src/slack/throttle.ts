/** Timers the throttle uses; tests pass a manual clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Sends updates of one message at a bounded rate (Slack allows about one chat.update per second per message):
 * the first goes at once, later ones are coalesced so only the newest pending value is sent when the interval
 * has passed. Sends never overlap and keep their order. `finish` sends the final value (after the interval)
 * and resolves once everything is sent.
 */
export class UpdateThrottle<T> {
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private pending: { value: T } | undefined;
  private timer: unknown;
  private chain: Promise<void> = Promise.resolve();
  private finished = false;

  constructor(
    private readonly send: (value: T) => Promise<void>,
    private readonly opts: { intervalMs: number; clock?: Clock; onError?: (e: unknown) => void },
  ) {}

  private get clock(): Clock {
    return this.opts.clock ?? systemClock;
  }

  /** Queues an intermediate value; values pushed within one interval replace each other. */
  push(value: T): void {
    if (this.finished) return;
    this.pending = { value };
    if (this.timer !== undefined) return;
    const wait = this.lastSentAt + this.opts.intervalMs - this.clock.now();
    if (wait <= 0) this.fire();
    else
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        this.fire();
      }, wait);
  }

  /** Sends the last value (dropping any pending one) no sooner than the interval allows; rejects if it fails. */
  async finish(value: T): Promise<void> {
    this.finished = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    const wait = this.lastSentAt + this.opts.intervalMs - this.clock.now();
    if (wait > 0) await new Promise<void>((resolve) => this.clock.setTimeout(resolve, wait));
    this.lastSentAt = this.clock.now();
    const last = this.chain.then(() => this.send(value));
    this.chain = last.catch(() => {});
    await last;
  }

  /** Resolves when every update sent so far has been sent (or failed). */
  idle(): Promise<void> {
    return this.chain;
  }

  private fire(): void {
    const next = this.pending;
    this.pending = undefined;
    if (!next) return;
    this.lastSentAt = this.clock.now();
    // An intermediate update that fails is reported and skipped: the job goes on, the next update may succeed.
    this.chain = this.chain.then(() => this.send(next.value)).catch((e: unknown) => this.opts.onError?.(e));
  }
}
