import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { readAnchors } from '../../src/core/audit/anchors.js';
import { auditKeyFromText } from '../../src/core/audit/key.js';
import type { AuditEntryInput } from '../../src/core/store/types.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

const record: AuditEntryInput = { event: 'requested', actor: { id: 'bob', via: 'cli' }, operation: 'clone_image' };
const KEY = 'k3y-0123456789abcdef0123456789abcdef';

describe('the audit key and anchors as the app loads them', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await sandbox('blockops-audit-key-');
  });
  afterEach(() => sb.cleanup());

  const start = async (env: Record<string, string> = {}) => {
    const notices: string[] = [];
    const app = await createApp(await sb.load({ DATABASE_URL: sb.databaseUrl, ...env }), {
      notice: (l) => notices.push(l),
    });
    return { app, notices };
  };

  it('generates a key next to the SQLite file on first use, owner-only, says so once, and keeps using it', async () => {
    const first = await start();
    const file = join(sb.root, 'audit.key');
    expect(first.notices).toEqual([expect.stringContaining(`generated one in ${file}`)]);
    expect(first.notices[0]).toMatch(/production must set BLOCKOPS_AUDIT_KEY/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8').trim();
    expect(text).toMatch(/^[0-9a-f]{64}$/);
    expect(first.notices[0]).not.toContain(text);
    expect(first.app.services.auditKey.id).toBe(auditKeyFromText(text).id);
    await first.app.close();

    const second = await start();
    expect(second.notices).toEqual([]);
    expect(second.app.services.auditKey.id).toBe(auditKeyFromText(text).id);
    await second.app.close();
  });

  it('uses BLOCKOPS_AUDIT_KEY_FILE and generates nothing', async () => {
    const keyFile = await sb.write('secret/audit.key', `${KEY}\n`);
    const { app, notices } = await start({ BLOCKOPS_AUDIT_KEY_FILE: keyFile });
    expect(app.services.auditKey.id).toBe(auditKeyFromText(KEY).id);
    expect((await app.services.store.audit.append(record)).keyId).toBe(auditKeyFromText(KEY).id);
    await app.close();
    expect(notices).toEqual([]);
    expect(existsSync(join(sb.root, 'audit.key'))).toBe(false);
  });

  it('refuses a short key naming the setting, without showing it, before touching the database', async () => {
    const message = await sb.fail({ DATABASE_URL: sb.databaseUrl, BLOCKOPS_AUDIT_KEY: 'too-short-secret' }, {}, [
      'too-short-secret',
    ]);
    expect(message).toMatch(/BLOCKOPS_AUDIT_KEY \(environment\): must be at least 32 characters.*openssl rand -hex 32/);
    expect(existsSync(sb.databaseUrl)).toBe(false);
  });

  it('refuses to start on PostgreSQL without a key: replicas must share one', async () => {
    const config = await sb.load({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    await expect(createApp(config, { notice: () => {} })).rejects.toMatchObject({
      code: 'CONFIG.INVALID',
      message: expect.stringMatching(/BLOCKOPS_AUDIT_KEY is not set: with PostgreSQL every replica/),
    });
  });

  it('anchors every N records and on close, in the file BLOCKOPS_AUDIT_ANCHORS names (default next to the db)', async () => {
    const anchors = join(sb.root, 'elsewhere', 'anchors.jsonl');
    const { app } = await start({ BLOCKOPS_AUDIT_ANCHORS: anchors, BLOCKOPS_AUDIT_ANCHOR_EVERY: '2' });
    expect(app.anchorsFile).toBe(anchors);
    const written = [];
    for (let i = 0; i < 3; i++) written.push(await app.services.store.audit.append(record));
    await app.close();
    expect(await readAnchors(anchors)).toEqual([
      { seq: 2, mac: written[1]!.hash, at: expect.any(String) },
      { seq: 3, mac: written[2]!.hash, at: expect.any(String) },
    ]);
    expect(statSync(anchors).mode & 0o777).toBe(0o600);

    const byDefault = await start();
    expect(byDefault.app.anchorsFile).toBe(join(sb.root, 'audit-anchors.jsonl'));
    await byDefault.app.close(); // nothing appended: no anchor
    expect(existsSync(join(sb.root, 'audit-anchors.jsonl'))).toBe(false);
  });

  it('anchors after M seconds while records wait', async () => {
    const { app } = await start({ BLOCKOPS_AUDIT_ANCHOR_SECONDS: '0.2' });
    const entry = await app.services.store.audit.append(record);
    const file = join(sb.root, 'audit-anchors.jsonl');
    const deadline = Date.now() + 10_000;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await readAnchors(file)).toEqual([{ seq: 1, mac: entry.hash, at: expect.any(String) }]);
    await app.close();
    expect(await readAnchors(file)).toHaveLength(1);
  });
});
