import { userInfo } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { entryHash } from '../../src/core/audit/hash.js';
import { auditKeyFromText } from '../../src/core/audit/key.js';
import { toAuditEntry } from '../../src/core/store/audit-rows.js';
import type { AuditLogTable } from '../../src/core/store/schema.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { bob } from '../helpers/approved.js';
import { withApprovers } from '../helpers/approvers.js';
import { insertAuditSql, legacyChain } from '../helpers/audit-chain.js';
import { blockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

/** The CLI on the database acts as the operating-system user running it: the approver the policy file names. */
const OS_USER = userInfo().username;

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
    env = sb.env({ ...emulatorEnv(emu), BLOCKOPS_POLICY: await sb.writePolicy(withApprovers([OS_USER])) });
    // bob asks in process (the CLI can be nobody but the OS user, who approves), on the same database and key file.
    const app = await createApp(await sb.load(env));
    let id: string;
    try {
      const asked = await app.gateway.run('clone_image', { image: 'cirros', name: 'tamper' }, bob);
      if (asked.status !== 'pending_approval') throw new Error('clone_image should need approval');
      id = asked.request.request_id;
    } finally {
      await app.close();
    }
    const approved = await blockops(['approve-request', '--request-id', id], env);
    expect(approved.code, approved.stderr).toBe(0);
    const intact = await blockops(['audit', 'verify'], env);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/MACs verified/);
    expect(intact.stdout).toMatch(/anchors: \d+ matched/);
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

  it('rotates the key: the old key writes no more, verify follows the rotation with the retired key', async () => {
    const oldKeyFile = join(sb.root, 'audit.key');
    const newKey = 'f'.repeat(8) + '0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
    const newKeyFile = await sb.write('new.key', `${newKey}\n`);
    const short = await blockops(['audit', 'rotate-key', '--new-key-file', await sb.write('short.key', 'x\n')], env);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/--new-key-file: the key must be at least 32 bytes/);

    const rotated = await blockops(['audit', 'rotate-key', '--new-key-file', newKeyFile], env);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(new RegExp(`→ ${auditKeyFromText(newKey).id}`));
    expect(rotated.stdout + rotated.stderr).not.toContain(newKey);

    const stale = await blockops(['clone-image', '--image', 'cirros', '--name', 'stale'], env);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/AUDIT\.KEY_MISMATCH: The audit log continues with key/);

    const rekeyed = { ...env, BLOCKOPS_AUDIT_KEY_FILE: newKeyFile };
    const after = await blockops(['clone-image', '--image', 'cirros', '--name', 'after'], rekeyed);
    expect(after.code, after.stderr).toBe(0);
    const withoutRetired = await blockops(['audit', 'verify'], rekeyed);
    expect(withoutRetired.code).toBe(1);
    expect(withoutRetired.stderr).toMatch(/record 1 .*which verify was not given.*BLOCKOPS_AUDIT_RETIRED_KEYS/);
    const verified = await blockops(['audit', 'verify'], { ...rekeyed, BLOCKOPS_AUDIT_RETIRED_KEYS_FILE: oldKeyFile });
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/MACs verified \(audit key [0-9a-f]{8} → [0-9a-f]{8}\)/);
  }, 120_000); // seven blockops processes
});

describe('blockops audit verify on a log older than the audit key', () => {
  it('verifies the unkeyed records as legacy, says so, and keys what comes after', async () => {
    const sb = await sandbox('blockops-legacy-');
    try {
      const env = sb.env();
      expect((await blockops(['audit', 'verify'], env)).code).toBe(0); // creates the database
      const db = new BetterSqlite3(sb.databaseUrl);
      db.exec(
        legacyChain(3, { event: 'requested', actor: { id: 'bob', via: 'cli' }, operation: 'clone_image' })
          .map((e) => insertAuditSql(e))
          .join('; '),
      );
      db.close();
      const legacy = await blockops(['audit', 'verify'], env);
      expect(legacy.code, legacy.stderr).toBe(0);
      expect(legacy.stdout).toMatch(/audit log intact: 3 record\(s\)/);
      expect(legacy.stdout).toMatch(/seq 1–3: legacy, written before blockops had an audit key/);
      expect(legacy.stdout).not.toMatch(/MACs verified/);
    } finally {
      await sb.cleanup();
    }
  });
});
