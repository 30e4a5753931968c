/** Work waits until no Slack request has come in for this long… */
const QUIET_MS = 10;
/**
 * …but never longer than this after its ack, however busy Slack keeps the door: the work may open a modal with the
 * request's trigger_id, which Slack honours for three seconds.
 */
const MAX_WAIT_MS = 1_000;

/**
 * Acks before work, across requests: the work after an ack starts once no new Slack request has come in for
 * QUIET_MS (or after MAX_WAIT_MS), so under a burst every request that has arrived is acked (Slack gives each
 * three seconds) before the work of the earlier ones takes the event loop. A lone request's work waits QUIET_MS.
 */
export class AckFirst {
  private lastArrival = Number.NEGATIVE_INFINITY;
  private readonly waiting: { since: number; start(): void }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A Slack request came in. */
  arrived(): void {
    this.lastArrival = this.now();
  }

  /** Resolves when work may start: Slack has been quiet for QUIET_MS, or this has waited MAX_WAIT_MS. */
  beforeWork(): Promise<void> {
    return new Promise((start) => {
      this.waiting.push({ since: this.now(), start });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer || this.waiting.length === 0) return;
    const now = this.now();
    const quietAt = this.lastArrival + QUIET_MS;
    const oldestDueAt = (this.waiting[0] as { since: number }).since + MAX_WAIT_MS;
    this.timer = setTimeout(() => this.release(), Math.max(0, Math.ceil(Math.min(quietAt, oldestDueAt) - now)));
  }

  private release(): void {
    this.timer = undefined;
    const now = this.now();
    const quiet = now - this.lastArrival >= QUIET_MS;
    while (this.waiting.length > 0) {
      const first = this.waiting[0] as { since: number; start(): void };
      if (!quiet && now - first.since < MAX_WAIT_MS) break;
      this.waiting.shift();
      first.start();
    }
    this.schedule();
  }
}
