import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STALE_AFTER_MS } from '../../src/app/chores.js';
import { approvedRequest, stateOf } from '../helpers/approved.js';
import { blockops } from '../helpers/cli.js';
import { type EmulatedApp, startEmulatedApp } from '../helpers/emulated-app.js';

/**
 * A CLI-only set-up (no `blockops serve`): an approver's process that died between approving and running leaves
 * an `approved` request nothing would ever run. The next CLI command's chores run it.
 */
describe('an approved request nobody ran, with only the CLI', () => {
  let t: EmulatedApp;

  beforeAll(async () => {
    t = await startEmulatedApp();
  });
  afterAll(() => t.close());

  /** What a minute of nobody touching the row looks like, without waiting a minute. */
  function age(id: string): void {
    const raw = new BetterSqlite3(t.env['DATABASE_URL'] as string);
    try {
      raw.pragma('busy_timeout = 5000');
      const long = new Date(Date.now() - STALE_AFTER_MS - 5_000).toISOString();
      raw.prepare('update requests set updated_at = ? where id = ?').run(long, id);
    } finally {
      raw.close();
    }
  }

  it('the next command runs it, says so on stderr, and leaves a fresh approval to its own approver', async () => {
    const orphan = await approvedRequest(t.app, 'clone_image', { image: 'cirros', name: 'orphan-vol' });
    age(orphan);
    const fresh = await approvedRequest(t.app, 'clone_image', { image: 'cirros', name: 'fresh-vol' });

    // Someone else's command (the CLI acts as the OS user running it, neither bob nor alice).
    const r = await blockops(['list-requests', '--json'], t.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`running approved request ${orphan} (clone_image), which nothing ran`);
    expect(await stateOf(t.app, orphan)()).toBe('succeeded');
    expect((await t.app.services.store.audit.query({ resource: orphan })).map((e) => e.event).reverse()).toEqual([
      'requested',
      'approved',
      'started',
      'succeeded',
    ]);
    expect(await stateOf(t.app, fresh)()).toBe('approved');
    await t.app.services.approvals.cancel(fresh, { id: 'alice', via: 'cli' });
  });
});
