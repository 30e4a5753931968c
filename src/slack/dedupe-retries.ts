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
 * (X-Slack-Retry-Num) or a replay and must not run twice. Every listener's ack depends on the body alone, so the
 * ack goes out first; then `beforeWork` (AckFirst: the burst it came in is acked), then the store decides, and the
 * ack throws RepeatDelivery for a repeat, which keeps the listener from its work. The store's decision is atomic
 * across replicas, and deliveries of one process are decided in the order their acks went out, so of a delivery
 * and its retries, however close together, exactly one runs. Options requests are reads whose ack is their answer
 * and which may repeat legitimately: they pass untouched.
 */
export function gateRepeats(
  event: ReceiverEvent,
  deliveries: SlackDeliveries,
  beforeWork: () => Promise<void>,
): ReceiverEvent {
  const body = event.body as { type?: string; command?: string };
  const dedupable = typeof body.command === 'string' || (body.type !== undefined && INTERACTIONS.has(body.type));
  if (!dedupable) return event;
  return {
    ...event,
    ack: async (response?: unknown) => {
      await event.ack(response);
      await beforeWork();
      if (!(await deliveries.firstTime(requestKey(body)))) throw new RepeatDelivery(event.retryNum, event.retryReason);
    },
  };
}
