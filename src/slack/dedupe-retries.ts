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
 * Thrown by a delivery's ack when the store could not say whether it was seen before: it has been acked, so Slack
 * will not retry it, and it must not run (it may be a retry of one that ran). The app's error handler tells the
 * person it was not run, through `responseUrl` when the delivery has one, else by a direct message to `userId`.
 */
export class DeliveryUndecided extends Error {
  readonly code = 'slack_delivery_undecided';
  constructor(
    readonly responseUrl: string | undefined,
    readonly userId: string | undefined,
    cause: unknown,
  ) {
    super('the store could not tell whether this Slack delivery was seen before: acked, not run', { cause });
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
      let first: boolean;
      try {
        first = await deliveries.firstTime(requestKey(body));
      } catch (e) {
        const to = replyTarget(event.body);
        throw new DeliveryUndecided(to.responseUrl, to.userId, e);
      }
      if (!first) throw new RepeatDelivery(event.retryNum, event.retryReason);
    },
  };
}

/** Where a delivery can be answered: a command's or a button's response_url, and who sent it. */
function replyTarget(body: Record<string, unknown>): { responseUrl?: string; userId?: string } {
  const user = body['user'] as { id?: unknown } | undefined;
  const urls = body['response_urls'] as { response_url?: unknown }[] | undefined;
  const url = body['response_url'] ?? urls?.[0]?.response_url;
  const id = body['user_id'] ?? user?.id;
  return {
    ...(typeof url === 'string' ? { responseUrl: url } : {}),
    ...(typeof id === 'string' ? { userId: id } : {}),
  };
}
