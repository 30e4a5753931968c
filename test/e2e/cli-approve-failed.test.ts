import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bob } from '../helpers/approved.js';
import { blockops } from '../helpers/cli.js';
import { type EmulatedApp, startEmulatedApp } from '../helpers/emulated-app.js';

/** The CLI on the database acts as the operating-system user running it: the approver the policy file names. */
const OS_USER = userInfo().username;

/** `blockops approve-request` as a script sees it: the approval ran the job, and the job's outcome is the exit status. */
describe('blockops approve-request when the approved job fails', () => {
  let t: EmulatedApp;

  beforeAll(async () => {
    t = await startEmulatedApp({ approvers: OS_USER });
  });
  afterAll(() => t.close());

  /** bob asks (in process: the CLI can be nobody but the OS user, who approves); returns the pending request's id. */
  const ask = async (name: string) => {
    const asked = await t.app.gateway.run('clone_image', { image: 'cirros', name }, bob);
    expect(asked.status).toBe('pending_approval');
    if (asked.status !== 'pending_approval') throw new Error('clone_image should need approval');
    return asked.request.request_id;
  };

  it('exits 1 with the job’s error on stderr, and still prints the failed request on stdout', async () => {
    const request_id = await ask('doomed');

    // Cinder refuses the create: POSTs are never retried, so the job fails.
    t.emu.faults.injectHttp({ method: 'POST', path: '^/volume/v3/[^/]+/volumes$', status: 500 });
    const approved = await blockops(['approve-request', '--request-id', request_id, '--json'], t.env);
    expect(approved.code).toBe(1);
    expect(JSON.parse(approved.stdout)).toMatchObject({
      request_id,
      status: 'failed',
      error: { code: 'CINDER.SERVER_ERROR' },
    });
    expect(approved.stderr).toMatch(
      new RegExp(`^blockops: CINDER\\.SERVER_ERROR: Request ${request_id} failed: cinder answered POST`, 'm'),
    );
  });

  it('exits 0 when the approved job succeeds', async () => {
    const request_id = await ask('fine');
    const approved = await blockops(['approve-request', '--request-id', request_id], t.env);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(new RegExp(`^${request_id} clone_image: succeeded`));
    expect(approved.stderr).not.toMatch(/^blockops: /m);
  });
});
