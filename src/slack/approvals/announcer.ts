import { OpsError } from '../../core/errors/ops-error.js';
import { log } from '../../log.js';
import type { SlackDoor } from '../door.js';
import type { ApprovalMessages } from './approval-messages.js';

/**
 * Keeps the approvals channel in step with the requests: posts each pending request once (opened in this process,
 * at once; from MCP or the CLI in other processes, on the next poll) and updates its message until it ends:
 * decided here, from the CLI, by expiry, or by a job that ran elsewhere. The messages are ApprovalMessages'.
 */
export class Announcer {
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly door: SlackDoor,
    private readonly messages: ApprovalMessages,
    private readonly pollMs = 3000,
  ) {}

  start(): void {
    this.stopListening = this.door.app.services.desk.onOpened((view) => {
      this.messages
        .post(view)
        .catch((e: unknown) =>
          log.error({ err: e, request: view.request_id }, 'posting an approval request to Slack failed'),
        );
    });
    this.timer = setInterval(() => void this.tick(), this.pollMs);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    this.stopListening?.();
    clearInterval(this.timer);
  }

  /** One round: announce what is new, bring messages of requests that moved on up to date. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const { desk } = this.door.app.services;
      // A request that needs no approval is pending only while its audit records are written: nothing to announce.
      const pending = (await desk.list({ state: 'pending', limit: 200 })).filter((v) => v.approvals_required > 0);
      const pendingIds = new Set(pending.map((v) => v.request_id));
      for (const view of pending) {
        if (this.messages.handledHere(view.request_id)) continue;
        await this.oneRequest(view.request_id, () => this.messages.sync(view));
      }
      for (const id of this.messages.watched()) {
        if (pendingIds.has(id) || this.messages.handledHere(id)) continue;
        await this.oneRequest(id, async () => this.messages.update(await desk.get(id)));
      }
    } catch (e) {
      log.error({ err: e }, 'keeping Slack approval messages up to date failed; retrying');
    } finally {
      this.ticking = false;
    }
  }

  /** One request's trouble (Slack said no, the request is gone) must not hold up the others. */
  private async oneRequest(id: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      log.error({ err: e, request: id }, 'updating the Slack approval message failed; retrying');
      if (e instanceof OpsError && e.code === 'APPROVAL.NOT_FOUND') this.messages.forget(id);
    }
  }
}
