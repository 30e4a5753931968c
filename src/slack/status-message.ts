import type { webApi } from '@slack/bolt';
import type { Progress } from '../core/engine/operation.js';
import { log } from '../log.js';
import type { SlackMessage } from './render/blocks.js';
import { renderProgress } from './render/progress.js';
import { type Clock, UpdateThrottle } from './throttle.js';

export interface MessageRef {
  channel: string;
  ts: string;
}

/**
 * One status message per long operation: posted on the first progress, then updated in place (chat.update) at
 * most about once a second, coalescing progress in between; it ends with the outcome, and the full result goes
 * in a thread reply.
 */
export class StatusMessage {
  private ref: MessageRef | undefined;
  private readonly throttle: UpdateThrottle<SlackMessage>;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly where: { channel: string; threadTs?: string | undefined },
    private readonly title: string,
    opts: { intervalMs?: number; clock?: Clock } = {},
  ) {
    this.throttle = new UpdateThrottle((m) => this.show(m), {
      intervalMs: opts.intervalMs ?? 1100,
      clock: opts.clock,
      onError: (e) => log.warn({ err: e, title }, 'slack status update failed; the next one may succeed'),
    });
  }

  get started(): boolean {
    return this.ref !== undefined;
  }

  progress(p: Progress): void {
    this.throttle.push(renderProgress(this.title, p));
  }

  /** The final state of the status message, then the result as a reply in its thread. */
  async finish(final: SlackMessage, reply?: SlackMessage): Promise<MessageRef> {
    await this.throttle.finish(final);
    const ref = this.ref as MessageRef;
    if (reply) {
      await this.client.chat.postMessage({
        channel: ref.channel,
        thread_ts: this.where.threadTs ?? ref.ts,
        text: reply.text,
        blocks: reply.blocks,
        unfurl_links: false,
      });
    }
    return ref;
  }

  private async show(m: SlackMessage): Promise<void> {
    if (this.ref) {
      await this.client.chat.update({ channel: this.ref.channel, ts: this.ref.ts, text: m.text, blocks: m.blocks });
      return;
    }
    const res = await this.client.chat.postMessage({
      channel: this.where.channel,
      ...(this.where.threadTs ? { thread_ts: this.where.threadTs } : {}),
      text: m.text,
      blocks: m.blocks,
      unfurl_links: false,
    });
    if (!res.channel || !res.ts) throw new Error('Slack did not say where the status message went (no channel/ts).');
    this.ref = { channel: res.channel, ts: res.ts };
  }
}
