import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { chainText } from '../src/core/audit/hash.js';
import { hmacKey } from '../src/core/audit/key.js';
import { verifyAuditChain } from '../src/core/audit/verify.js';
import type { Actor } from '../src/core/people/actor.js';
import { toAuditRow } from '../src/core/store/audit-rows.js';
import { openStore } from '../src/core/store/index.js';
import type { AuditEntryInput, Store } from '../src/core/store/types.js';
import { syntheticChain } from '../test/helpers/audit-chain.js';
import type { Figure } from './figures.js';

const actor: Actor = { id: 'U0BENCH', via: 'slack' };
const secret = Buffer.from('bench-audit-key-0123456789abcdef0123456789abcdef');
const auditKey = hmacKey(secret);
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
    const sqlite = await openStore(join(dir, 'appends.db'), { auditKey });
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
        const pgStore = await openStore(url.toString(), { auditKey });
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
    const store = await openStore(file, { auditKey });
    await store.migrate();
    await store.close();
    const raw = new BetterSqlite3(file);
    const first = toAuditRow(syntheticChain(1, template, auditKey).next().value as never);
    const cols = Object.keys(first);
    const insert = raw.prepare(
      `insert into audit_log (${cols.join(',')}) values (${cols.map((c) => `@${c}`).join(',')})`,
    );
    // The floor: one HMAC-SHA256 per record over exactly the bytes verify MACs, timed in batches as they are made.
    let floorMs = 0;
    let floorBytes = 0;
    let batch: string[] = [];
    const hmacBatch = () => {
      const start = performance.now();
      for (const text of batch) createHmac('sha256', secret).update(text).digest();
      floorMs += performance.now() - start;
      batch = [];
    };
    raw.transaction(() => {
      for (const e of syntheticChain(opts.verifyRecords, template, auditKey)) {
        insert.run(toAuditRow(e));
        const text = chainText(e.prevHash, e);
        floorBytes += Buffer.byteLength(text);
        batch.push(text);
        if (batch.length === 10_000) hmacBatch();
      }
    })();
    hmacBatch();
    raw.close();
    const reopened = await openStore(file, { auditKey });
    const rssBefore = process.memoryUsage().rss;
    const start = performance.now();
    const result = await verifyAuditChain(reopened, { keys: [auditKey] });
    const seconds = (performance.now() - start) / 1000;
    await reopened.close();
    if (!result.ok) throw new Error(`the synthetic chain did not verify: ${JSON.stringify(result)}`);
    figures.push({
      name: `audit verify, ${result.count.toLocaleString('en')} records (SQLite)`,
      value: seconds,
      unit: 's',
    });
    figures.push({
      name: 'raw HMAC-SHA256 floor, same records and bytes',
      value: floorMs / 1000,
      unit: 's',
      note: `${(floorBytes / 2 ** 20).toFixed(0)} MiB, ${Math.round(floorBytes / opts.verifyRecords)} B/record`,
    });
    figures.push({ name: 'audit verify ÷ HMAC floor', value: seconds / (floorMs / 1000), unit: '×' });
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
