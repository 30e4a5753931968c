import type { Kysely } from 'kysely';
import { GroupCommit } from '../batching/group-commit.js';
import { toTimeColumn } from './columns.js';
import type { Database } from './schema.js';
import type { DeliveryStore } from './types.js';

/**
 * Slack deliveries seen, one row per key. An upsert decides: a new key is inserted, an expired one is taken over,
 * a live one is left alone and returns no row. Both engines run it atomically (PostgreSQL waits on the key's
 * unique index for a concurrent insert to commit, then takes the conflict branch). Deliveries that come while a
 * decision is being committed are decided together in the next commit (one commit, one fsync, for a burst of
 * Slack requests), in the order they came.
 */
export class KyselyDeliveryStore implements DeliveryStore {
  private readonly group: GroupCommit<Delivery, boolean>;

  constructor(private readonly db: Kysely<Database>) {
    this.group = new GroupCommit((deliveries) => decideInOneStatement(this.db, deliveries));
  }

  async firstSeen(key: string, now: string, expiresAt: string): Promise<boolean> {
    return this.group.add({ key, seenAt: toTimeColumn(now, 'now'), until: toTimeColumn(expiresAt, 'expiresAt') });
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

/**
 * Decides deliveries in one multi-row upsert, as if one by one in the order given: a key repeated among them is
 * decided by its first occurrence and the later ones are repeats (PostgreSQL refuses to touch a row twice in one
 * statement, so each key goes in once). Keys go in sorted, so two replicas upserting overlapping keys take their
 * locks in the same order and cannot deadlock.
 */
export async function decideInOneStatement(db: Kysely<Database>, deliveries: Delivery[]): Promise<boolean[]> {
  const firstOfKey = new Map<string, Delivery>();
  for (const d of deliveries) if (!firstOfKey.has(d.key)) firstOfKey.set(d.key, d);
  const rows = [...firstOfKey.values()]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((d) => ({ key: d.key, seen_at: d.seenAt, expires_at: d.until }));
  const taken = await db
    .insertInto('slack_deliveries')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet((eb) => ({ seen_at: eb.ref('excluded.seen_at'), expires_at: eb.ref('excluded.expires_at') }))
        .whereRef('slack_deliveries.expires_at', '<', 'excluded.seen_at'),
    )
    .returning('key')
    .execute();
  const firstTime = new Set(taken.map((r) => r.key));
  return deliveries.map((d) => firstOfKey.get(d.key) === d && firstTime.has(d.key));
}
