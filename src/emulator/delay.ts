/** How long a speed-0 hold waits for a look before moving on anyway: longer for what a client is polling. */
const UNWATCHED_FALLBACK_MS = 50;
const WATCHED_FALLBACK_MS = 250;

/**
 * Every realistic delay of the emulator goes through here, scaled by `speed` (1 = realistic, 0 = none).
 * At speed 0 a resource in an intermediate state (creating, downloading, BUILD…) still holds that state until a client
 * has read it once (or a short fallback passes), so a poll right after a create sees every state in order.
 * A held resource nobody reads moves on after 50 ms; one a client created or has read, after 250 ms.
 */
export class Clock {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly holds = new WeakMap<object, () => void>();
  private readonly watched = new WeakSet<object>();
  private closed = false;

  constructor(readonly speed: number) {}

  /** Waits `ms` realistic milliseconds scaled by speed; at speed 0 it only yields to the event loop. */
  sleep(ms: number): Promise<void> {
    if (this.closed) return new Promise(() => {});
    if (this.speed <= 0 || ms <= 0) return new Promise((resolve) => setImmediate(resolve));
    return this.timer(ms * this.speed);
  }

  /** Keeps `resource` in its current state for `ms` realistic milliseconds (speed 0: until observed once). */
  hold(resource: object, ms: number): Promise<void> {
    if (this.closed) return new Promise(() => {});
    if (this.speed > 0) return this.timer(Math.max(0, ms) * this.speed);
    return new Promise((resolve) => {
      let done = false;
      const release = () => {
        if (done || this.closed) return;
        done = true;
        this.holds.delete(resource);
        setImmediate(resolve);
      };
      this.holds.set(resource, release);
      this.timer(this.watched.has(resource) ? WATCHED_FALLBACK_MS : UNWATCHED_FALLBACK_MS).then(release);
    });
  }

  /** Marks a resource a client made through the API (and will poll): its speed-0 holds wait longer for a look. */
  watch(resource: object): void {
    this.watched.add(resource);
  }

  /** Called by read handlers: a held resource may now move on. */
  observe(resource: object): void {
    this.watched.add(resource);
    this.holds.get(resource)?.();
  }

  /** Delays still running (0: nothing is waiting to move on). */
  pending(): number {
    return this.timers.size;
  }

  /** Stops every pending delay; work waiting on it is dropped. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private timer(ms: number): Promise<void> {
    if (this.closed) return new Promise(() => {});
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }
}
