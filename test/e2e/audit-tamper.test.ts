import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryHash } from '../../src/core/audit/hash.js';
import { toAuditEntry } from '../../src/core/store/audit-rows.js';
import type { AuditLogTable } from '../../src/core/store/schema.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { blockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

/**
 * Someone with write access to the database (not to the audit key) rewrites history: `blockops audit verify`, run as
 * a user runs it, must say so.
 */
describe('blockops audit verify against a database writer', () => {
  let emu: RunningEmulator;
  let sb: Sandbox;
  let env: Record<string, string>;

  beforeEach(async () => {
    emu = await startEmulator({ speed: 0 });
    sb = await sandbox('blockops-tamper-');
    env = sb.env({ ...emulatorEnv(emu), BLOCKOPS_APPROVERS: 'alice' });
    const asked = await blockops(['clone-image', '--image', 'cirros', '--name', 'tamper', '--json'], {
      ...env,
      BLOCKOPS_ACTOR: 'bob',
    });
    expect(asked.code, asked.stderr).toBe(0);
    const id = JSON.parse(asked.stdout).request_id as string;
    const approved = await blockops(['approve-request', '--request-id', id], { ...env, BLOCKOPS_ACTOR: 'alice' });
    expect(approved.code, approved.stderr).toBe(0);
    const intact = await blockops(['audit', 'verify'], env);
    expect(intact.code, intact.stderr).toBe(0);
  });
  afterEach(async () => {
    await emu.close();
    await sb.cleanup();
  });

  const withDb = <T>(fn: (db: BetterSqlite3.Database) => T): T => {
    const db = new BetterSqlite3(sb.databaseUrl);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };

  it('refuses an approver changed and every later record re-hashed with blockops’ own hash function', async () => {
    const approvedSeq = withDb((db) => {
      const rows = db.prepare('select * from audit_log order by seq').all() as AuditLogTable[];
      const seq = rows.find((r) => r.event === 'approved')!.seq;
      const update = db.prepare('update audit_log set actor = ?, prev_hash = ?, hash = ? where seq = ?');
      let prevHash = rows.find((r) => r.seq === seq - 1)!.hash;
      for (const row of rows.filter((r) => r.seq >= seq)) {
        const entry = toAuditEntry(row as never);
        if (row.seq === seq) entry.actor = { id: 'mallory', via: 'cli' };
        entry.prevHash = prevHash;
        const hash = entryHash(prevHash, entry);
        update.run(JSON.stringify(entry.actor), prevHash, hash, row.seq);
        prevHash = hash;
      }
      return seq;
    });
    const verify = await blockops(['audit', 'verify'], env);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(new RegExp(`AUDIT\\.TAMPERED: record ${approvedSeq} `));
  });

  it('notices records cut off the end', async () => {
    const last = withDb((db) => {
      const { seq } = db.prepare('select max(seq) as seq from audit_log').get() as { seq: number };
      db.prepare('delete from audit_log where seq > ?').run(seq - 2);
      return seq;
    });
    const verify = await blockops(['audit', 'verify'], env);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(
      new RegExp(`the log ends at seq ${last - 2} but the anchor at \\S+ recorded seq ${last}`),
    );
  });
});
