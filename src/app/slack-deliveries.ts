import type { DeliveryStore } from '../core/store/types.js';
import { log } from '../log.js';

/**
 * The Slack door's narrow port to the deliveries it has seen, kept in the store: every replica sees the same ones
 * and they outlive a restart, so a retry (X-Slack-Retry-Num) or a replay never runs a command twice.
 */
export interface SlackDeliveries {
  /** True the first time a delivery's key is offered within the window; false for a retry or replay of it. */
  firstTime(key: string): Promise<boolean>;
}

/** Slack retries for a few minutes and refuses signatures older than five: ten minutes covers every repeat. */
export const DELIVERY_TTL_MS = 10 * 60_000;
/** Expired keys are deleted at most this often, by whichever delivery comes first after it. */
const PRUNE_EVERY_MS = 60_000;

export function slackDeliveries(store: DeliveryStore, now: () => Date, ttlMs = DELIVERY_TTL_MS): SlackDeliveries {
  let prunedAt = Number.NEGATIVE_INFINITY;
  return {
    async firstTime(key) {
      const t = now().getTime();
      if (t - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = t;
        // Not awaited: this delivery's decision must not wait behind the delete, or later ones would be decided first.
        void store
          .prune(new Date(t).toISOString())
          .catch((e: unknown) => log.warn({ err: e }, 'pruning expired Slack deliveries failed; trying again later'));
      }
      return store.firstSeen(key, new Date(t).toISOString(), new Date(t + ttlMs).toISOString());
    },
  };
}
