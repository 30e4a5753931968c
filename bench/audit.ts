import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { chainText } from '../src/core/audit/hash.js';
import { hmacKey, hmacSha256 } from '../src/core/audit/key.js';
import { verifyAuditChain } from '../src/core/audit/verify.js';
import type { Actor } from '../src/core/people/actor.js';
import { toAuditRow } from '../src/core/store/audit-rows.js';
import { openStore } from '../src/core/store/index.js';
import type { AuditEntryInput, Store } from '../src/core/store/types.js';
import { syntheticChain } from '../test/helpers/audit-chain.js';
import { type Bench, interleave, MiB, ms, type Row, rate, timed, timeRow } from './figures.js';

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
const WRITERS = 64;
const PG = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Appends per second with `writers` appending at once (each waits for its own append before the next). */
async function appendRate(store: Store, total: number, writers: number): Promise<number> {
  const each = Math.ceil(total / writers);
  const ms = await timed(() =>
    Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = 0; i < each; i++) await store.audit.append(template);
      }),
    ),
  );
  return (each * writers) / (ms / 1000);
}

async function appendRows(engine: string, store: Store, total: number, rounds: number): Promise<Row> {
  const r = await interleave(
    rounds,
    () => appendRate(store, total, WRITERS),
    () => appendRate(store, Math.max(50, total / 10), 1),
  );
  return {
    id: 'P6',
    what: `durable audit appends, ${engine}, ${WRITERS} writers at once`,
    ours: rate(r.a, '/s'),
    peer: `${rate(r.b, '/s')} (1 writer)`,
    ratio: r.a / r.b,
    target: '≥ 5,000/s',
    holds: r.a >= 5000,
  };
}

async function withPostgresSchema<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const schema = `bench_${process.pid}`;
  const url = new URL(PG);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

/** P6: durable appends on both engines, many writers at once (group commit) next to one writer. */
export const auditAppendBench: Bench = {
  id: 'P6',
  title: 'audit appends',
  async run(quick) {
    const total = quick ? 640 : 6400;
    const rounds = quick ? 1 : 3;
    const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-audit-'));
    try {
      const sqlite = await openStore(join(dir, 'appends.db'), { auditKey });
      await sqlite.migrate();
      const rows = [await appendRows('SQLite (synchronous=FULL)', sqlite, total, rounds)];
      await sqlite.close();
      rows.push(
        await withPostgresSchema(async (url) => {
          const store = await openStore(url, { auditKey });
          try {
            await store.migrate();
            return await appendRows('PostgreSQL', store, total, rounds);
          } finally {
            await store.close();
          }
        }),
      );
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/**
 * The floor of verify: read the same bytes verify MACs (each record's chain text, written to a file as records
 * were made) in large chunks and compute one HMAC-SHA256 per record, as `sha256sum` would hash a file. With the
 * fastest HMAC at hand, the one verify uses (hmacSha256: 10–20% under createHmac per record on this machine).
 */
function macFloor(file: string, lengths: Uint32Array): number {
  const mac = hmacSha256(secret);
  const start = performance.now();
  const fd = openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(16 * MiB);
  let filled = 0;
  let at = 0;
  for (const length of lengths) {
    if (at + length > filled) {
      chunk.copy(chunk, 0, at, filled);
      filled -= at;
      at = 0;
      filled += readSync(fd, chunk, filled, chunk.length - filled, null);
    }
    mac(chunk.subarray(at, at + length));
    at += length;
  }
  closeSync(fd);
  return performance.now() - start;
}

/** P7: `audit verify` of a million records (SQLite) next to the keyed-MAC floor over the same bytes. */
export const auditVerifyBench: Bench = {
  id: 'P7',
  title: 'audit verify',
  async run(quick) {
    const records = Number(process.env['BENCH_VERIFY_RECORDS'] ?? (quick ? 100_000 : 1_000_000));
    const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-verify-'));
    try {
      // A valid chain loaded in bulk (appending a million one by one would take the benchmark hours).
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
      const textsFile = join(dir, 'texts');
      const texts = openSync(textsFile, 'w');
      const lengths = new Uint32Array(records);
      let i = 0;
      raw.transaction(() => {
        for (const e of syntheticChain(records, template, auditKey)) {
          insert.run(toAuditRow(e));
          const text = Buffer.from(chainText(e.prevHash, e));
          writeSync(texts, text);
          lengths[i++] = text.length;
        }
      })();
      closeSync(texts);
      raw.close();
      const bytes = lengths.reduce((a, b) => a + b, 0);
      const reopened = await openStore(file, { auditKey });
      let peakRss = 0;
      const rssBefore = process.memoryUsage().rss;
      const verify = async () => {
        const t = performance.now();
        const result = await verifyAuditChain(reopened, {
          keys: [auditKey],
          onProgress: () => {
            peakRss = Math.max(peakRss, process.memoryUsage().rss);
          },
        });
        if (!result.ok || result.count !== records) throw new Error(`verify failed: ${JSON.stringify(result)}`);
        return performance.now() - t;
      };
      const r = await interleave(quick ? 1 : 2, verify, async () => macFloor(textsFile, lengths), { warmup: false });
      await reopened.close();
      const row = timeRow(
        'P7',
        `audit verify, ${records.toLocaleString('en')} records (SQLite)`,
        r.a,
        r.b,
        2,
        `(HMAC, ${(bytes / MiB).toFixed(0)} MiB)`,
      );
      row.target = '≤ 2×, < 5 s';
      row.holds = row.holds && r.a < 5000;
      row.ours = `${ms(r.a)} +${((peakRss - rssBefore) / MiB).toFixed(0)} MiB`;
      return [row];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
