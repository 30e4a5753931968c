/**
 * Delayed state transitions, scaled by `speed` (1 = the emulator's idea of real time, 0 = next tick: immediate
 * but still asynchronous, so callers see the intermediate state first). Waiters are checked after every step.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters = new Set<() => void>();
  private idle: Array<() => void> = [];
  private held: Array<() => void> | undefined;

  constructor(readonly speed: number) {}

  after(baseMs: number, step: () => void): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (!this.held) this.run([step]);
        else if (this.held.push(step) && this.timers.size === 0) this.releaseIdle();
      },
      Math.max(0, baseMs * this.speed),
    );
    this.timers.add(timer);
  }

  /** Holds transitions that come due until resume(), so an in-between state can be looked at. */
  pause(): void {
    this.held ??= [];
  }

  resume(): void {
    const held = this.held ?? [];
    this.held = undefined;
    this.run(held);
  }

  /** Resolves once predicate holds, checked now and after each transition. */
  until(predicate: () => boolean, timeoutMs = 10 * 60_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error('emulated Lightbits: a state change did not happen in time'));
      }, timeoutMs);
      timeout.unref();
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timeout);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  /** Resolves when no transition is pending (while paused: when only held ones are left). */
  settled(): Promise<void> {
    if (this.timers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Drops pending transitions (end of a test or demo). */
  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.held = undefined;
    this.releaseIdle();
  }

  private run(steps: Array<() => void>): void {
    for (const step of steps) step();
    for (const check of [...this.waiters]) check();
    if (this.timers.size === 0) this.releaseIdle();
  }

  private releaseIdle(): void {
    const idle = this.idle;
    this.idle = [];
    for (const resolve of idle) resolve();
  }
}
