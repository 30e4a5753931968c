import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { it } from 'vitest';
import { openStore } from '../../src/core/store/open-store.js';
import type { Store, StoreOptions } from '../../src/core/store/types.js';
import { TEST_AUDIT_KEY } from './audit-chain.js';

/** CI starts PostgreSQL; on a workstation: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start */
export const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Why the PostgreSQL cases cannot run here, or undefined when a server answers at PG_URL. `npm test` must pass on a
 * fresh machine with nothing installed, so without a server they are skipped, saying so; CI starts one and sets
 * BLOCKOPS_TEST_REQUIRE_POSTGRES=1, which turns a missing server into a failure instead of a skip.
 */
export const postgresUnavailable: string | undefined = await probePostgres();

async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
  let reason: string | undefined;
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    reason = `no PostgreSQL answers at ${PG_URL} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
  if (reason && process.env['BLOCKOPS_TEST_REQUIRE_POSTGRES'] === '1') {
    throw new Error(`${reason}, and BLOCKOPS_TEST_REQUIRE_POSTGRES=1 requires one`);
  }
  return reason;
}

/** One engine under test, with an empty database of its own (a temp file, or a fresh PostgreSQL schema). */
export interface EngineFixture {
  readonly name: 'sqlite' | 'postgres';
  /** Call in beforeAll. */
  setup(): Promise<void>;
  /** Closes every store opened and removes the database. Call in afterAll. */
  teardown(): Promise<void>;
  /** A new, migrated Store instance on that database, with its own connection(s); MACs with TEST_AUDIT_KEY unless told. */
  open(options?: Partial<StoreOptions>): Promise<Store>;
  /** Runs SQL behind the store's back, as someone tampering with the tables would. */
  exec(sql: string): Promise<void>;
  /** The DATABASE_URL of this database, for a whole blockops app on it. */
  url(): string;
}

/**
 * Both engines, each with a database private to this test file (`label` keeps names readable). Without a PostgreSQL
 * server only SQLite, and a skipped case that names the reason in the run's report.
 */
export function engines(label: string): EngineFixture[] {
  if (postgresUnavailable === undefined) return [sqliteEngine(), postgresEngine(label)];
  it.skip(`${label} on postgres: skipped, ${postgresUnavailable}`, () => undefined);
  return [sqliteEngine()];
}

export function sqliteEngine(): EngineFixture {
  let dir = '';
  const stores: Store[] = [];
  const file = () => join(dir, 'blockops.db');
  return {
    name: 'sqlite',
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'blockops-store-'));
    },
    async teardown() {
      await Promise.all(stores.splice(0).map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
    async open(options = {}) {
      const store = await openStore(`sqlite://${file()}`, { auditKey: TEST_AUDIT_KEY, ...options });
      stores.push(store);
      await store.migrate();
      return store;
    },
    url: () => `sqlite://${file()}`,
    async exec(sql) {
      const raw = new BetterSqlite3(file());
      try {
        raw.pragma('busy_timeout = 5000');
        raw.exec(sql);
      } finally {
        raw.close();
      }
    },
  };
}

export function postgresEngine(label: string): EngineFixture {
  const schema = `blockops_test_${label.replace(/\W/g, '_')}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const stores: Store[] = [];
  const admin = async <T>(run: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: PG_URL });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(
        `PostgreSQL is not reachable at ${PG_URL} (${(error as Error).message}). Start it (CI does): ` +
          'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start — or point TEST_DATABASE_URL at one.',
      );
    }
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'postgres',
    async setup() {
      await admin((c) => c.query(`create schema ${schema}`));
    },
    async teardown() {
      await Promise.all(stores.splice(0).map((s) => s.close()));
      await admin((c) => c.query(`drop schema if exists ${schema} cascade`));
    },
    async open(options = {}) {
      const store = await openStore(url.toString(), { auditKey: TEST_AUDIT_KEY, ...options });
      stores.push(store);
      await store.migrate();
      return store;
    },
    url: () => url.toString(),
    async exec(sql) {
      await admin(async (c) => {
        await c.query(`set search_path = ${schema}`);
        await c.query(sql);
      });
    },
  };
}
