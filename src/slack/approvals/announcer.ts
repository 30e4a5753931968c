import type { RequestRow } from '../../core/store/types.js';
import { FINAL_STATES } from '../../core/store/types.js';
import { log } from '../../log.js';
import type { SlackDoor } from '../door.js';
import { renderApproval } from '../render/approval.js';
import { approvalMessageOf, rememberApprovalMessage } from './message-ref.js';

/**
 * Posts each pending request to the approvals channel once (requests opened in this process at once; others, from
 * MCP or the CLI in other processes, by polling the store) and keeps each message in step with its request until
 * it ends: decided here, from the CLI, by expiry, or by a job that ran elsewhere.
 */
export class Announcer {
  /** Requests with a message, and the state that message shows. */
  private readonly shown = new Map<string, string>();
  private readonly posting = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private readonly onOpened = (row: RequestRow) => {
    this.announce(row).catch((e: unknown) =>
      log.error({ err: e, request: row.id }, 'posting an approval request to Slack failed'),
    );
  };

  constructor(
    private readonly door: SlackDoor,
    private readonly pollMs = 3000,
  ) {}

  start(): void {
    this.door.app.services.approvals.events.on('opened', this.onOpened);
    this.timer = setInterval(() => void this.tick(), this.pollMs);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    this.door.app.services.approvals.events.off('opened', this.onOpened);
    clearInterval(this.timer);
  }

  /** Posts a pending request's approval message unless it has one; records where it went in the row's notes. */
  async announce(row: RequestRow): Promise<void> {
    const channel = this.door.settings.approvalsChannel;
    if (!channel || row.state !== 'pending' || approvalMessageOf(row) || this.posting.has(row.id)) return;
    this.posting.add(row.id);
    try {
      const { store } = this.door.app.services;
      const fresh = await store.requests.get(row.id);
      if (fresh?.state !== 'pending' || approvalMessageOf(fresh)) return;
      const m = renderApproval(fresh, this.titleOf(fresh.operation));
      const res = await this.door.client.chat.postMessage({
        channel,
        text: m.text,
        blocks: m.blocks,
        unfurl_links: false,
      });
      if (!res.channel || !res.ts) throw new Error('chat.postMessage answered without channel or ts');
      await rememberApprovalMessage(store, fresh, { channel: res.channel, ts: res.ts });
      this.shown.set(fresh.id, stateKey(fresh));
    } finally {
      this.posting.delete(row.id);
    }
  }

  /** Shows a request's current state in its approval message (buttons gone once it is decided). */
  async update(row: RequestRow): Promise<void> {
    const ref = approvalMessageOf(row);
    if (!ref) return;
    const key = stateKey(row);
    if (this.shown.get(row.id) !== key) {
      const m = renderApproval(row, this.titleOf(row.operation));
      await this.door.client.chat.update({ channel: ref.channel, ts: ref.ts, text: m.text, blocks: m.blocks });
    }
    if (FINAL_STATES.includes(row.state)) this.shown.delete(row.id);
    else this.shown.set(row.id, key);
  }

  /** One round: announce what is new, bring messages of requests that moved on up to date. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const { store, approvals } = this.door.app.services;
      // A request that needs no approval is pending only while its audit records are written: nothing to announce.
      const pending = (await store.requests.list({ state: 'pending', limit: 200 })).filter(
        (r) => r.approvalsRequired > 0,
      );
      const pendingIds = new Set(pending.map((r) => r.id));
      for (const row of pending) {
        if (this.isShownElsewhere(row.id)) continue;
        await this.oneRow(row.id, async () => {
          if (!approvalMessageOf(row)) await this.announce(row);
          else if (!this.shown.has(row.id)) this.shown.set(row.id, stateKey(row));
          else await this.update(row);
        });
      }
      for (const id of [...this.shown.keys()]) {
        if (pendingIds.has(id) || this.isShownElsewhere(id)) continue;
        await this.oneRow(id, async () => this.update(await approvals.get(id)));
      }
    } catch (e) {
      log.error({ err: e }, 'keeping Slack approval messages up to date failed; retrying');
    } finally {
      this.ticking = false;
    }
  }

  /** A handler or a job display in this process is updating this message itself. */
  private isShownElsewhere(id: string): boolean {
    return this.door.busy.has(id) || this.door.displays.has(id);
  }

  /** One request's trouble (Slack said no, the row is gone) must not hold up the others. */
  private async oneRow(id: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      log.error({ err: e, request: id }, 'updating the Slack approval message failed; retrying');
      if ((e as { code?: string }).code === 'APPROVAL.NOT_FOUND') this.shown.delete(id);
    }
  }

  private titleOf(opName: string): string {
    return this.door.app.services.registry.find(opName)?.title ?? opName;
  }
}

function stateKey(row: RequestRow): string {
  return `${row.state}:${row.approvals.length}`;
}
