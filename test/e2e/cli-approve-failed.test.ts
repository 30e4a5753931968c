import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { blockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

/** `blockops approve-request` as a script sees it: the approval ran the job, and the job's outcome is the exit status. */
describe('blockops approve-request when the approved job fails', () => {
  let emu: RunningEmulator;
  let sb: Sandbox;
  let env: Record<string, string>;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    sb = await sandbox('blockops-cli-approve-');
    env = { ...emulatorEnv(emu), DATABASE_URL: sb.databaseUrl, BLOCKOPS_APPROVERS: 'alice' };
  });
  afterAll(async () => {
    await emu.close();
    await sb.cleanup();
  });

  it('exits 1 with the job’s error on stderr, and still prints the failed request on stdout', async () => {
    const asked = await blockops(['clone-image', '--image', 'cirros', '--name', 'doomed', '--json'], {
      ...env,
      BLOCKOPS_ACTOR: 'bob',
    });
    expect(asked.code).toBe(0);
    const { request_id } = JSON.parse(asked.stdout) as { request_id: string };

    // Cinder refuses the create: POSTs are never retried, so the job fails.
    emu.faults.injectHttp({ method: 'POST', path: '^/volume/v3/[^/]+/volumes$', status: 500 });
    const approved = await blockops(['approve-request', '--request-id', request_id, '--json'], {
      ...env,
      BLOCKOPS_ACTOR: 'alice',
    });
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
    const asked = await blockops(['clone-image', '--image', 'cirros', '--name', 'fine', '--json'], {
      ...env,
      BLOCKOPS_ACTOR: 'bob',
    });
    const { request_id } = JSON.parse(asked.stdout) as { request_id: string };
    const approved = await blockops(['approve-request', '--request-id', request_id], {
      ...env,
      BLOCKOPS_ACTOR: 'alice',
    });
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(new RegExp(`^${request_id} clone_image: succeeded`));
    expect(approved.stderr).not.toMatch(/^blockops: /m);
  });
});
