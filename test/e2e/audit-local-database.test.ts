import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockops } from '../helpers/cli.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

/*
 * `audit verify`, `export` and `rotate-key` work on the database itself. With BLOCKOPS_URL set (a workstation that
 * talks to the team's serve) and no database named, they used to check this directory's own demo database and say
 * "verified": the wrong log, reported as fine.
 */
describe('audit commands with BLOCKOPS_URL set', () => {
  let sb: Sandbox;
  const remote = { BLOCKOPS_URL: 'http://127.0.0.1:9', BLOCKOPS_TOKEN: 'not-used-by-these-commands-0123456789' };

  beforeAll(async () => {
    sb = await sandbox('blockops-audit-remote-');
  });
  afterAll(async () => {
    await sb?.cleanup();
  });

  const withoutDatabase = () => {
    const { DATABASE_URL: _unused, ...env } = sb.env(remote);
    return env;
  };

  for (const args of [
    ['audit', 'verify'],
    ['audit', 'export'],
    ['audit', 'rotate-key'],
  ]) {
    it(`refuses ${args.join(' ')} without a database named, saying where to run it, and creates nothing`, async () => {
      const r = await blockops(args, withoutDatabase(), { cwd: sb.cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${args.join(' ')} works on the database itself, not through blockops serve`);
      expect(r.stderr).toContain('Run it where blockops serve runs');
      expect(r.stdout).toBe('');
      expect(existsSync(join(sb.cwd, '.blockops', 'blockops.db'))).toBe(false);
    });
  }

  it('verifies the named database, saying it is not the serve at BLOCKOPS_URL', async () => {
    const r = await blockops(['audit', 'verify'], sb.env(remote), { cwd: sb.cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`audit verify uses the database at ${sb.databaseUrl} (DATABASE_URL (environment))`);
  });
});
