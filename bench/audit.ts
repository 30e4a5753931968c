import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { verifyAuditChain } from '../src/core/audit/verify.js';
import type { Actor } from '../src/core/people/actor.js';
import { toAuditRow } from '../src/core/store/audit-rows.js';
import { openStore } from '../src/core/store/index.js';
import type { AuditEntryInput, Store } from '../src/core/store/types.js';
import { syntheticChain } from '../test/helpers/audit-chain.js';
import type { Figure } from './figures.js';

const actor: Actor = { id: 'U0BENCH', via: 'slack' };
const template: AuditEntryInput = {
  event: 'succeeded',
  actor,
  operation: 'clone_image',
  requestId: 'req-00000000-0000-0000-0000-000000000000',
  resources: { volume_id: '05d93904-71cc-419a-a65f-61cab4d5468c' },
  apiRequests: [
    { service: 'cinder', method: 'POST', url: 'http://127.0.0.1/v3/p/volumes', status: 202, requestId: 'req-x' },
  ],
  durationMs: 1234,
};

async function appendsPerSecond(store: Store, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await store.audit.append(template);
  return n / ((performance.now() - start) / 1000);
}

/** Durable appends per second on both engines, and `audit verify` over one million records. */
export async function benchAudit(opts: {
  appends: number;
  verifyRecords: number;
  postgresUrl?: string;
}): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-audit-'));
  const figures: Figure[] = [];
  try {
    const sqlite = await openStore(join(dir, 'appends.db'));
    await sqlite.migrate();
    figures.push({
      name: 'audit appends, SQLite (synchronous=FULL)',
      value: await appendsPerSecond(sqlite, opts.appends),
      unit: '/s',
    });
    await sqlite.close();

    if (opts.postgresUrl) {
      const schema = `bench_${process.pid}`;
      const url = new URL(opts.postgresUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: opts.postgresUrl });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      try {
        const pgStore = await openStore(url.toString());
        await pgStore.migrate();
        figures.push({
          name: 'audit appends, PostgreSQL',
          value: await appendsPerSecond(pgStore, opts.appends),
          unit: '/s',
        });
        await pgStore.close();
      } finally {
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
    }

    // A valid chain of N records, loaded in bulk (appending a million one by one would take the benchmark hours).
    const file = join(dir, 'verify.db');
    const store = await openStore(file);
    await store.migrate();
    await store.close();
    const raw = new BetterSqlite3(file);
    const first = toAuditRow(syntheticChain(1, template).next().value as never);
    const cols = Object.keys(first);
    const insert = raw.prepare(
      `insert into audit_log (${cols.join(',')}) values (${cols.map((c) => `@${c}`).join(',')})`,
    );
    raw.transaction(() => {
      for (const e of syntheticChain(opts.verifyRecords, template)) insert.run(toAuditRow(e));
    })();
    raw.close();
    const reopened = await openStore(file);
    const rssBefore = process.memoryUsage().rss;
    const start = performance.now();
    const result = await verifyAuditChain(reopened);
    const seconds = (performance.now() - start) / 1000;
    await reopened.close();
    if (!result.ok) throw new Error(`the synthetic chain did not verify: ${JSON.stringify(result)}`);
    figures.push({
      name: `audit verify, ${result.count.toLocaleString('en')} records (SQLite)`,
      value: seconds,
      unit: 's',
    });
    figures.push({
      name: 'audit verify, memory growth',
      value: (process.memoryUsage().rss - rssBefore) / 2 ** 20,
      unit: 'MiB',
      note: 'streams in pages',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
