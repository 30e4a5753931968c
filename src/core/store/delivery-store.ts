import type { Kysely } from 'kysely';
import { toTimeColumn } from './columns.js';
import type { Database } from './schema.js';
import type { DeliveryStore } from './types.js';

/**
 * Slack deliveries seen, one row per key. One upsert decides: a new key is inserted, an expired one is taken over,
 * a live one is left alone and returns no row. Both engines run it atomically (PostgreSQL waits on the key's
 * unique index for a concurrent insert to commit, then takes the conflict branch).
 */
export class KyselyDeliveryStore implements DeliveryStore {
  constructor(private readonly db: Kysely<Database>) {}

  async firstSeen(key: string, now: string, expiresAt: string): Promise<boolean> {
    const seenAt = toTimeColumn(now, 'now');
    const until = toTimeColumn(expiresAt, 'expiresAt');
    const row = await this.db
      .insertInto('slack_deliveries')
      .values({ key, seen_at: seenAt, expires_at: until })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ seen_at: seenAt, expires_at: until })
          .where('slack_deliveries.expires_at', '<', seenAt),
      )
      .returning('key')
      .executeTakeFirst();
    return row !== undefined;
  }

  async prune(now: string): Promise<number> {
    const result = await this.db
      .deleteFrom('slack_deliveries')
      .where('expires_at', '<', toTimeColumn(now, 'now'))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
