import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clampLimit } from '../../../src/core/store/columns.js';
import { openStore, parseDatabaseUrl } from '../../../src/core/store/open-store.js';
import { TEST_AUDIT_KEY } from '../../helpers/audit-chain.js';
import { engines } from '../../helpers/store-engines.js';

describe('parseDatabaseUrl', () => {
  it('routes postgres URLs to PostgreSQL and everything path-like to SQLite', () => {
    expect(parseDatabaseUrl('postgres://u@h/db')).toEqual({ engine: 'postgres', url: 'postgres://u@h/db' });
    expect(parseDatabaseUrl('postgresql://u@h/db')).toEqual({ engine: 'postgres', url: 'postgresql://u@h/db' });
    expect(parseDatabaseUrl('sqlite://data/blockops.db')).toEqual({ engine: 'sqlite', path: 'data/blockops.db' });
    expect(parseDatabaseUrl('sqlite:///var/lib/blockops.db')).toEqual({
      engine: 'sqlite',
      path: '/var/lib/blockops.db',
    });
    expect(parseDatabaseUrl('./blockops.db')).toEqual({ engine: 'sqlite', path: './blockops.db' });
    expect(parseDatabaseUrl(':memory:')).toEqual({ engine: 'sqlite', path: ':memory:' });
    expect(parseDatabaseUrl('sqlite://:memory:')).toEqual({ engine: 'sqlite', path: ':memory:' });
  });

  it('refuses other schemes and empty paths with what to use instead', () => {
    expect(() => parseDatabaseUrl('mysql://u:pw@h/db')).toThrow(/Use postgres:\/\/…, sqlite:\/\/path/);
    expect(() => parseDatabaseUrl('mysql://u:pw@h/db')).not.toThrow(/pw/);
    expect(() => parseDatabaseUrl('sqlite://')).toThrow(expect.objectContaining({ code: 'STORE.UNSUPPORTED_URL' }));
  });
});

describe('clampLimit', () => {
  it('defaults to 100 and caps at 1000', () => {
    expect(clampLimit(undefined)).toBe(100);
    expect(clampLimit(5000)).toBe(1000);
    expect(clampLimit(0)).toBe(1);
    expect(clampLimit(7.9)).toBe(7);
  });
});

describe('openStore with SQLite', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'blockops-open-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the parent directory and a WAL-mode file', async () => {
    const file = join(dir, 'nested', 'deeper', 'blockops.db');
    const store = await openStore(`sqlite://${file}`, { auditKey: TEST_AUDIT_KEY });
    await store.migrate();
    await store.close();
    expect(existsSync(file)).toBe(true);
    const raw = new BetterSqlite3(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = raw.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['requests', 'audit_log', 'kysely_migration']));
    raw.close();
  });

  it('works in memory', async () => {
    const store = await openStore(':memory:', { auditKey: TEST_AUDIT_KEY });
    await store.migrate();
    expect(store.engine).toBe('sqlite');
    expect((await store.audit.append({ event: 'started', actor: { id: 'x', via: 'cli' }, operation: 'op' })).seq).toBe(
      1,
    );
    await store.close();
  });

  it('says which file it cannot open', async () => {
    const notADirectory = join(dir, 'plain-file');
    writeFileSync(notADirectory, 'x');
    await expect(openStore(join(notADirectory, 'x.db'), { auditKey: TEST_AUDIT_KEY })).rejects.toMatchObject({
      code: 'STORE.OPEN_FAILED',
      message: expect.stringContaining(join(notADirectory, 'x.db')),
    });
  });
});

describe('openStore with PostgreSQL', () => {
  it('fails fast on an unreachable server without showing the password', async () => {
    const error = await openStore('postgres://blockops:s3cr3t-pw@127.0.0.1:1/blockops', {
      auditKey: TEST_AUDIT_KEY,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'STORE.UNREACHABLE',
      message: expect.stringContaining('127.0.0.1:1/blockops'),
    });
    expect(String((error as Error).message)).not.toContain('s3cr3t-pw');
  });
});

describe.each(engines('open'))('migrate on $name', (engine) => {
  beforeAll(() => engine.setup());
  afterAll(() => engine.teardown());

  it('is safe from several stores at once and again on every start', async () => {
    const stores = await Promise.all([engine.open(), engine.open(), engine.open()]);
    await Promise.all(stores.map((s) => s.migrate()));
    await stores[0]!.requests.create({
      id: 'after-migrate',
      operation: 'op',
      input: {},
      requester: { id: 'u', via: 'cli' },
      preview: 'p',
      approverGroup: null,
      approvalsRequired: 1,
      expiresAt: '2099-01-01T00:00:00Z',
      state: 'pending',
      digest: 'd',
    });
    const again = await engine.open();
    expect((await again.requests.get('after-migrate'))?.id).toBe('after-migrate');
  });
});
