import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAuditEntry } from '../../../src/core/audit/seal.js';
import { verifyAuditChain } from '../../../src/core/audit/verify.js';
import { toAuditRow } from '../../../src/core/store/audit-rows.js';
import { openStore } from '../../../src/core/store/open-store.js';
import type { Store } from '../../../src/core/store/types.js';
import { TEST_AUDIT_KEY } from '../../helpers/audit-chain.js';

const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Another process that takes SQLite's write lock, runs `sql` with `params`, says "locked", holds the lock
 * a moment and commits: what a second blockops process on the same file does.
 */
function holdWriteLock(
  file: string,
  sql: string,
  params: Record<string, unknown>,
): { locked: Promise<void>; done: Promise<number> } {
  const code = `
    const Database = require(${JSON.stringify(BETTER_SQLITE3)});
    const db = new Database(${JSON.stringify(file)});
    db.pragma('busy_timeout = 5000');
    db.exec('begin immediate');
    db.prepare(process.argv[1]).run(JSON.parse(process.argv[2]));
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    db.exec('commit');
    db.close();`;
  const child = spawn(process.execPath, ['-e', code, sql, JSON.stringify(params)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.on('exit', (status) => reject(new Error(`child exited (${status}) before taking the lock`)));
  });
  const done = new Promise<number>((resolve) => child.on('exit', (status) => resolve(status ?? -1)));
  return { locked, done };
}

describe('SQLite store shared with another process', () => {
  let dir = '';
  let file = '';
  let store: Store;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'blockops-procs-'));
    file = join(dir, 'blockops.db');
    store = await openStore(file, { auditKey: TEST_AUDIT_KEY });
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the other writer and chains after its record', async () => {
    const first = await store.audit.append({ event: 'requested', actor: { id: 'a', via: 'cli' }, operation: 'op' });
    const theirs = sealAuditEntry(
      first,
      { event: 'started', actor: { id: 'b', via: 'cli' }, operation: 'op' },
      new Date().toISOString(),
      TEST_AUDIT_KEY,
    );
    const row = toAuditRow(theirs);
    const columns = Object.keys(row);
    const other = holdWriteLock(
      file,
      `insert into audit_log (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`,
      row,
    );
    await other.locked;
    const ours = await store.audit.append({ event: 'succeeded', actor: { id: 'a', via: 'cli' }, operation: 'op' });
    expect(await other.done).toBe(0);
    expect(ours).toMatchObject({ seq: 3, prevHash: theirs.hash });
    expect(await verifyAuditChain(store, { keys: [TEST_AUDIT_KEY] })).toMatchObject({ ok: true, count: 3 });
  });

  it('loses a transition the other process won while it waited', async () => {
    await store.requests.create({
      id: 'contested',
      operation: 'op',
      input: {},
      requester: { id: 'a', via: 'cli' },
      preview: 'p',
      approverGroup: null,
      approvalsRequired: 1,
      expiresAt: '2099-01-01T00:00:00Z',
      state: 'approved',
      digest: 'd',
    });
    const other = holdWriteLock(
      file,
      "update requests set state = 'running', runner = 'other' where id = @id and state = 'approved'",
      {
        id: 'contested',
      },
    );
    await other.locked;
    expect(await store.requests.transition('contested', ['approved'], 'cancelled')).toBeUndefined();
    expect(await other.done).toBe(0);
    expect(await store.requests.get('contested')).toMatchObject({ state: 'running', runner: 'other' });
  });
});
