import type { Kysely } from 'kysely';
import { toTimeColumn } from './columns.js';
import { GroupCommit } from './group-commit.js';
import type { Database } from './schema.js';
import type { DeliveryStore } from './types.js';

/**
 * Slack deliveries seen, one row per key. One upsert decides: a new key is inserted, an expired one is taken over,
 * a live one is left alone and returns no row. Both engines run it atomically (PostgreSQL waits on the key's
 * unique index for a concurrent insert to commit, then takes the conflict branch).
 */
export class KyselyDeliveryStore implements DeliveryStore {
  private readonly group: GroupCommit<Delivery, boolean> | undefined;

  /**
   * `inOneTransaction`: decides several deliveries, in order, in one transaction (one fsync for all), for an engine
   * whose every commit costs an fsync: a burst of Slack requests then waits for one commit, not one each, before
   * their acks.
   */
  constructor(
    private readonly db: Kysely<Database>,
    inOneTransaction?: (deliveries: Delivery[]) => Promise<boolean[]>,
  ) {
    this.group = inOneTransaction && new GroupCommit(inOneTransaction);
  }

  async firstSeen(key: string, now: string, expiresAt: string): Promise<boolean> {
    const delivery = { key, seenAt: toTimeColumn(now, 'now'), until: toTimeColumn(expiresAt, 'expiresAt') };
    if (this.group) return this.group.add(delivery);
    return (await deliveryUpsert(this.db, delivery).executeTakeFirst()) !== undefined;
  }

  async prune(now: string): Promise<number> {
    const result = await this.db
      .deleteFrom('slack_deliveries')
      .where('expires_at', '<', toTimeColumn(now, 'now'))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

export interface Delivery {
  key: string;
  seenAt: string;
  until: string;
}

/** The one upsert that decides a delivery: returns its key when this is the first time (or the old one expired). */
export function deliveryUpsert(db: Kysely<Database>, { key, seenAt, until }: Delivery) {
  return db
    .insertInto('slack_deliveries')
    .values({ key, seen_at: seenAt, expires_at: until })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ seen_at: seenAt, expires_at: until })
        .where('slack_deliveries.expires_at', '<', seenAt),
    )
    .returning('key');
}
