import type { ReceiverEvent } from '@slack/bolt';
import type { SlackDeliveries } from '../app/slack-deliveries.js';
import { requestKey } from './dedupe.js';

const INTERACTIONS = new Set(['block_actions', 'view_submission', 'shortcut', 'message_action']);

/**
 * Thrown by a repeated delivery's ack once the ack has gone out: the listener stops there, before its work, and
 * the app's error handler logs it as a dropped retry.
 */
export class RepeatDelivery extends Error {
  readonly code = 'slack_repeat_delivery';
  constructor(
    readonly retryNum: number | undefined,
    readonly retryReason: string | undefined,
  ) {
    super('a Slack delivery seen before (a retry or a replay): acked, not run again');
  }
}

/**
 * Every delivery as it reaches Bolt: a command or an interaction whose body was already seen in the last ten
 * minutes, by this process or another replica on the same store, before a restart or after, is a Slack retry
 * (X-Slack-Retry-Num) or a replay and must not run twice. Whether it was seen is asked of the store at once but
 * not waited for by the ack: every listener's ack depends on the body alone, so the answer goes out first and the
 * ack then waits for the decision, throwing RepeatDelivery for a repeat, which keeps the listener from its work.
 * A retry that arrives while its first delivery is still being decided is decided after it (the store decides in
 * arrival order), so it is the one dropped. Options requests are reads that may repeat legitimately: they pass.
 */
export function gateRepeats(deliveries: SlackDeliveries, event: ReceiverEvent): ReceiverEvent {
  const body = event.body as { type?: string; command?: string };
  const dedupable = typeof body.command === 'string' || (body.type !== undefined && INTERACTIONS.has(body.type));
  if (!dedupable) return event;
  const firstTime = deliveries.firstTime(requestKey(body));
  // Awaited by the ack; a listener that never acks must not turn a failed decision into an unhandled rejection.
  firstTime.catch(() => undefined);
  return {
    ...event,
    ack: async (response?: unknown) => {
      await event.ack(response);
      if (!(await firstTime)) throw new RepeatDelivery(event.retryNum, event.retryReason);
    },
  };
}
