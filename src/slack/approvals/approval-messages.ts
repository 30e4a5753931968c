import { runnerId } from '../../app/chores.js';
import type { RequestView } from '../../core/engine/request-view.js';
import { log } from '../../log.js';
import type { SlackDoor } from '../door.js';
import { renderApproval } from '../render/approval.js';
import type { MessageRef } from '../status-message.js';
import { hasEnded } from './ended.js';
import { showJob } from './job-display.js';
import {
  claimApprovalMessage,
  readApprovalMessage,
  recordApprovalMessage,
  releaseApprovalMessage,
} from './message-ref.js';

/**
 * The one owner, in this process, of each request's Slack approval message: where it is, whether it is being
 * posted, the state it shows, whether a handler here is deciding the request, and the job display that follows it
 * once approved. The announcer and the approve and deny flows ask it; none of them keeps any of this.
 */
export class ApprovalMessages {
  private readonly refs = new Map<string, MessageRef>();
  private readonly posting = new Set<string>();
  /** What each message shows (`status:approvals`), while its request has not ended. */
  private readonly shown = new Map<string, string>();
  /** How many handlers in this process are deciding each request right now. */
  private readonly deciding = new Map<string, number>();
  private readonly jobs = new Map<string, Promise<void>>();
  /** Requests whose job was shown to its end here: a late click must not show it a second time. */
  private readonly jobsShown = new Set<string>();

  constructor(private readonly door: SlackDoor) {}

  /** Where the request's approval message is, if it has one (posted here or by another process). */
  async where(id: string): Promise<MessageRef | undefined> {
    const known = this.refs.get(id);
    if (known) return known;
    const ref = await readApprovalMessage(this.door.app.services.desk, id);
    if (ref) this.refs.set(id, ref);
    return ref;
  }

  /**
   * Posts a pending request's approval message unless it has one, and records where it went beside the request.
   * Replicas sharing the store each see the request: only the one that claims the note in the store posts.
   */
  async post(view: RequestView): Promise<void> {
    const id = view.request_id;
    const channel = this.door.settings.approvalsChannel;
    if (!channel || view.status !== 'pending_approval' || this.posting.has(id)) return;
    this.posting.add(id);
    try {
      const { desk } = this.door.app.services;
      if (await this.where(id)) return;
      const fresh = await desk.get(id);
      if (fresh.status !== 'pending_approval') return;
      const owner = runnerId();
      if (!(await claimApprovalMessage(desk, id, owner))) return;
      const m = renderApproval(fresh, this.door.titleOf(fresh.operation));
      let ref: MessageRef;
      try {
        const res = await this.door.client.chat.postMessage({
          channel,
          text: m.text,
          blocks: m.blocks,
          unfurl_links: false,
        });
        if (!res.channel || !res.ts) throw new Error('chat.postMessage answered without channel or ts');
        ref = { channel: res.channel, ts: res.ts };
      } catch (e) {
        await releaseApprovalMessage(desk, id, owner).catch((t: unknown) =>
          log.warn({ err: t, request: id }, 'giving up the claim to post failed; it lapses by itself'),
        );
        throw e;
      }
      await recordApprovalMessage(desk, id, ref);
      this.refs.set(id, ref);
      this.shown.set(id, stateKey(fresh));
    } finally {
      this.posting.delete(id);
    }
  }

  /** For a poll: posts the message if there is none yet, else brings it in step with the request. */
  async sync(view: RequestView): Promise<void> {
    const id = view.request_id;
    if (!(await this.where(id))) return this.post(view);
    // First seen here (posted by another process, or before a restart): it shows what its poster last saw.
    if (!this.shown.has(id)) this.shown.set(id, stateKey(view));
    else await this.update(view);
  }

  /** Shows the request's current state in its approval message (buttons gone once it is decided). */
  async update(view: RequestView): Promise<void> {
    const id = view.request_id;
    const ref = await this.where(id);
    if (!ref) return;
    const key = stateKey(view);
    if (this.shown.get(id) !== key) {
      const m = renderApproval(view, this.door.titleOf(view.operation));
      await this.door.client.chat.update({ channel: ref.channel, ts: ref.ts, text: m.text, blocks: m.blocks });
    }
    if (!hasEnded(view)) {
      this.shown.set(id, key);
      return;
    }
    this.shown.delete(id);
    this.refs.delete(id);
  }

  /** Requests whose message this process keeps in step: they have not ended yet. */
  watched(): string[] {
    return [...this.shown.keys()];
  }

  /** Stops keeping a message in step (its request is gone). */
  forget(id: string): void {
    this.shown.delete(id);
    this.refs.delete(id);
  }

  /** Whether a handler or a job display in this process is updating this request's message itself. */
  handledHere(id: string): boolean {
    return this.deciding.has(id) || this.jobs.has(id);
  }

  /** Runs a handler's decision on a request; meanwhile the announcer leaves its message to the handler. */
  async decide<T>(id: string, work: () => Promise<T>): Promise<T> {
    this.deciding.set(id, (this.deciding.get(id) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.deciding.get(id) ?? 1) - 1;
      if (left > 0) this.deciding.set(id, left);
      else this.deciding.delete(id);
    }
  }

  /** Shows an approved request's job to its end (job-display.ts), once however many clicks lead here. */
  showJob(id: string, fallbackChannel: string): Promise<void> {
    if (this.jobsShown.has(id)) return Promise.resolve();
    let job = this.jobs.get(id);
    if (!job) {
      job = showJob(this.door, this, id, fallbackChannel).finally(() => {
        this.jobs.delete(id);
        this.jobsShown.add(id);
      });
      this.jobs.set(id, job);
    }
    return job;
  }
}

function stateKey(view: RequestView): string {
  return `${view.status}:${view.approvals.length}`;
}
