import type { Kysely, Selectable } from 'kysely';
import { clampLimit, fromJsonColumn, toJsonColumn, toTimeColumn } from './columns.js';
import type { Database, IncidentsTable } from './schema.js';
import type { IncidentPatch, IncidentRow, IncidentStore, LeaseStore, NewIncident } from './types.js';

function toIncidentRow(r: Selectable<IncidentsTable>): IncidentRow {
  return {
    id: r.id,
    key: r.key,
    status: r.status === 'open' ? 'open' : 'resolved',
    severity: r.severity,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    ...(r.resolved_at ? { resolvedAt: r.resolved_at } : {}),
    data: fromJsonColumn(r.data),
    movedPrimaries: fromJsonColumn<string[]>(r.moved_primaries) ?? [],
    notes: fromJsonColumn<Record<string, unknown>>(r.notes) ?? {},
    version: Number(r.version),
  };
}

/**
 * Incidents, one open per root cause: the partial unique index on (key) where status = 'open' makes a second
 * replica's insert of the same incident a no-op (ON CONFLICT DO NOTHING, in both engines), and every update is a
 * compare-and-set on the version, so two writers never both win.
 */
export class KyselyIncidentStore implements IncidentStore {
  constructor(private readonly db: Kysely<Database>) {}

  async open(row: NewIncident): Promise<IncidentRow | undefined> {
    const at = toTimeColumn(row.openedAt, 'openedAt');
    const inserted = await this.db
      .insertInto('incidents')
      .values({
        id: row.id,
        key: row.key,
        status: 'open',
        severity: row.severity,
        opened_at: at,
        updated_at: at,
        resolved_at: null,
        data: toJsonColumn(row.data) ?? 'null',
        moved_primaries: toJsonColumn(row.movedPrimaries),
        notes: null,
        version: 0,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    return inserted && toIncidentRow(inserted);
  }

  async update(id: string, version: number, patch: IncidentPatch): Promise<IncidentRow | undefined> {
    const row = await this.db
      .updateTable('incidents')
      .set({
        status: patch.status,
        severity: patch.severity,
        updated_at: toTimeColumn(patch.updatedAt, 'updatedAt'),
        resolved_at: patch.resolvedAt ? toTimeColumn(patch.resolvedAt, 'resolvedAt') : null,
        data: toJsonColumn(patch.data) ?? 'null',
        moved_primaries: toJsonColumn(patch.movedPrimaries),
        version: version + 1,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst();
    return row && toIncidentRow(row);
  }

  async get(id: string): Promise<IncidentRow | undefined> {
    const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toIncidentRow(row);
  }

  async list(filter: { status?: 'open' | 'resolved' | undefined; limit?: number | undefined }): Promise<IncidentRow[]> {
    const rows = await this.db
      .selectFrom('incidents')
      .selectAll()
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status as string))
      .orderBy('opened_at', 'desc')
      .orderBy('id', 'desc')
      .limit(clampLimit(filter.limit, 50))
      .execute();
    return rows.map(toIncidentRow);
  }

  async setNote(id: string, door: string, value: Record<string, unknown>): Promise<void> {
    // Read-modify-write of the notes only: notes have one writer per door (the lease holder), the watcher's
    // versioned updates never touch them.
    const row = await this.db.selectFrom('incidents').select('notes').where('id', '=', id).executeTakeFirst();
    if (!row) return;
    const notes = { ...(fromJsonColumn<Record<string, unknown>>(row.notes) ?? {}), [door]: value };
    await this.db
      .updateTable('incidents')
      .set({ notes: toJsonColumn(notes) })
      .where('id', '=', id)
      .execute();
  }
}

/** One upsert decides: a free or expired lease is taken, the holder's own is renewed, anyone else's is left alone. */
export class KyselyLeaseStore implements LeaseStore {
  constructor(private readonly db: Kysely<Database>) {}

  async acquire(name: string, holder: string, now: string, until: string): Promise<boolean> {
    const at = toTimeColumn(now, 'now');
    const end = toTimeColumn(until, 'until');
    const row = await this.db
      .insertInto('leases')
      .values({ name, holder, until: end })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, until: end })
          .where((eb) => eb.or([eb('leases.holder', '=', holder), eb('leases.until', '<', at)])),
      )
      .returning('holder')
      .executeTakeFirst();
    return row?.holder === holder;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
  }
}
