import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { sha256Hex } from '../../src/server/identities.js';
import { blockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { engines } from '../helpers/store-engines.js';
import { freePort, type Served, startServe } from '../mcp/helpers/processes.js';

/** Every process on one store MACs its audit log with the same key (PostgreSQL requires one to be given). */
const AUDIT_KEY = 'cli-identity-audit-key-0123456789abcdef0123456789ab';

const TOKENS = {
  alice: 'alice-laptop-3f9a0c1d2e4b5a6978877665544332211',
  aliceAgain: 'alice-desktop-0b1c2d3e4f5061728394a5b6c7d8e9f0a',
  bob: 'bob-token-9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3',
  viewer: 'viewer-token-1a2b3c4d5e6f708192a3b4c5d6e7f8091',
};
const WRONG_TOKEN = 'not-a-token-ffffffffffffffffffffffffffffffff';

/** Who runs these tests: the only person a local CLI process can be. */
const OS_USER = userInfo().username;

/** The default policy's rules, with the approvers a policy file (not the environment) names. */
function policyWith(members: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 1,
    approver_groups: { approvers: { members } },
    roles: { operator: ['read', 'write'] },
    actors: { '*': ['operator'] },
    operations: { clone_image: { approval: { approvals: 1, group: 'approvers' } } },
    ...extra,
  };
}

/** Identity in the local CLI is the operating-system user: environment variables claim nothing. */
// Every step is a separate process (node start-up and all): minutes, not seconds, on a busy machine.
const SLOW = { timeout: 240_000 };

describe.each(engines('cli_identity_local'))('the local CLI on $name', SLOW, (engine) => {
  let emu: RunningEmulator;
  let sb: Sandbox;
  let env: Record<string, string>;

  beforeAll(async () => {
    await engine.setup();
    emu = await startEmulator({ speed: 0 });
    sb = await sandbox('blockops-cli-identity-');
    env = sb.env({
      ...emulatorEnv(emu),
      DATABASE_URL: engine.url(),
      BLOCKOPS_AUDIT_KEY: AUDIT_KEY,
      BLOCKOPS_POLICY: await sb.writePolicy(policyWith(['bob', 'eve'])),
    });
  });
  afterAll(async () => {
    await emu?.close();
    await sb?.cleanup();
    await engine.teardown();
  });

  const ask = async (name: string) => {
    const r = await blockops(['clone-image', '--image', 'cirros', '--name', name, '--json'], {
      ...env,
      BLOCKOPS_ACTOR: 'alice',
    });
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { request_id: string; requester: string; status: string };
  };
  const stateOf = async (id: string) => {
    const r = await blockops(['get-request', '--request-id', id, '--json'], env);
    return JSON.parse(r.stdout) as { status: string; requester: string };
  };

  it('BLOCKOPS_ACTOR=alice asks, BLOCKOPS_ACTOR=bob approves: both are the OS user, and nothing runs', async () => {
    const volumes = emu.faults.summary().volumes.total;
    const pending = await ask('spoofed-by-alice');
    expect(pending.status).toBe('pending_approval');
    expect(pending.requester).toBe(OS_USER);

    const approve = await blockops(['approve-request', '--request-id', pending.request_id], {
      ...env,
      BLOCKOPS_ACTOR: 'bob',
    });
    expect(approve.code).toBe(1);
    expect(approve.stdout).toBe('');
    expect(approve.stderr).toMatch(/BLOCKOPS_ACTOR is ignored: the CLI acts as the operating-system user/);
    // On a shared PostgreSQL store the policy lets no local user approve; on SQLite it does, but not their own.
    expect(approve.stderr).toMatch(engine.name === 'postgres' ? /APPROVAL\.LOCAL_CLI/ : /APPROVAL\.SELF_APPROVAL/);
    expect(await stateOf(pending.request_id)).toMatchObject({ status: 'pending_approval', requester: OS_USER });
    expect(emu.faults.summary().volumes.total).toBe(volumes);
  });

  it('BLOCKOPS_ACTOR=eve BLOCKOPS_APPROVERS=eve is refused on a real cloud, naming the policy file to edit', async () => {
    const volumes = emu.faults.summary().volumes.total;
    const pending = await ask('spoofed-by-eve');
    const approve = await blockops(['approve-request', '--request-id', pending.request_id], {
      ...env,
      BLOCKOPS_ACTOR: 'eve',
      BLOCKOPS_APPROVERS: 'eve',
    });
    expect(approve.code).toBe(2);
    expect(approve.stdout).toBe('');
    expect(approve.stderr).toContain('blockops: CONFIG.INVALID: BLOCKOPS_APPROVERS');
    expect(approve.stderr).toContain(env['BLOCKOPS_POLICY']);
    expect(approve.stderr).toMatch(/approver_groups/);
    expect(await stateOf(pending.request_id)).toMatchObject({ status: 'pending_approval' });
    expect(emu.faults.summary().volumes.total).toBe(volumes);
  });
});

describe('BLOCKOPS_APPROVERS on the built-in emulator (a demo)', SLOW, () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await sandbox('blockops-cli-demo-');
  });
  afterAll(() => sb?.cleanup());

  it('still adds approvers, says so on stderr, and cannot make the OS user someone else', async () => {
    const env = sb.env();
    const asked = await blockops(['clone-image', '--image', 'cirros', '--name', 'demo', '--json'], env);
    expect(asked.code, asked.stderr).toBe(0);
    const pending = JSON.parse(asked.stdout) as { request_id: string };
    const approve = await blockops(['approve-request', '--request-id', pending.request_id], {
      ...env,
      BLOCKOPS_ACTOR: 'eve',
      BLOCKOPS_APPROVERS: 'eve',
    });
    expect(approve.stderr).toMatch(/BLOCKOPS_APPROVERS adds eve to the approvers group: a demo setting/);
    expect(approve.stderr).toMatch(/APPROVAL\.SELF_APPROVAL/);
    expect(approve.code).toBe(1);
    const listed = await blockops(['list-requests', '--json'], { ...env, BLOCKOPS_APPROVERS: 'eve' });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).requests[0]).toMatchObject({ approvers: ['eve'], status: 'pending_approval' });
  });
});

/** The CLI as a client of `blockops serve`: the person behind a command is who the token says, on either store. */
describe.each(engines('cli_identity_http'))('the CLI through blockops serve on $name', SLOW, (engine) => {
  let emu: RunningEmulator;
  let sb: Sandbox;
  let serveEnv: Record<string, string>;
  let served: Served;

  beforeAll(async () => {
    await engine.setup();
    emu = await startEmulator({ speed: 0 });
    sb = await sandbox('blockops-cli-http-');
    const tokens = [
      { identity: 'alice', token_sha256: sha256Hex(TOKENS.alice) },
      { identity: 'alice', token_sha256: sha256Hex(TOKENS.aliceAgain) },
      { identity: 'bob', token_sha256: sha256Hex(TOKENS.bob) },
      { identity: 'viewer', token_sha256: sha256Hex(TOKENS.viewer), read_only: true },
    ];
    serveEnv = sb.env({
      ...emulatorEnv(emu),
      DATABASE_URL: engine.url(),
      BLOCKOPS_AUDIT_KEY: AUDIT_KEY,
      BLOCKOPS_POLICY: await sb.writePolicy(policyWith(['alice', 'bob', OS_USER])),
      BLOCKOPS_MCP_TOKENS: await sb.write('tokens.json', JSON.stringify(tokens)),
    });
    served = await startServe(serveEnv, sb.cwd);
  });
  afterAll(async () => {
    await served?.stop();
    await emu?.close();
    await sb?.cleanup();
    await engine.teardown();
  });

  /** A CLI with nothing but the server's address and a token: no database, no cloud. */
  const as = (token: string, extra: Record<string, string> = {}) => ({
    PATH: process.env['PATH'] ?? '',
    HOME: sb.home,
    BLOCKOPS_URL: served.url,
    BLOCKOPS_TOKEN: token,
    ...extra,
  });
  const cli = (args: string[], env: Record<string, string>) => blockops(args, env, { cwd: sb.cwd });
  const ask = async (token: string, name: string) => {
    const r = await cli(['clone-image', '--image', 'cirros', '--name', name, '--json'], as(token));
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { request_id: string; requester: string; requested_via: string };
  };

  it('asks and approves as the people of the tokens; self-approval is refused across tokens of one identity', async () => {
    const claimed = await cli(
      ['clone-image', '--image', 'cirros', '--name', 'http-bob', '--json'],
      as(TOKENS.bob, { BLOCKOPS_ACTOR: 'alice' }),
    );
    expect(claimed.code, claimed.stderr).toBe(0);
    expect(claimed.stderr).toMatch(/BLOCKOPS_ACTOR is ignored: through blockops serve you are who your token/);
    const pending = JSON.parse(claimed.stdout);
    expect(pending).toMatchObject({ status: 'pending_approval', requester: 'bob', requested_via: 'api' });

    const own = await cli(['approve-request', '--request-id', pending.request_id], as(TOKENS.bob));
    expect(own.code).toBe(1);
    expect(own.stdout).toBe('');
    expect(own.stderr).toMatch(/^blockops: APPROVAL\.SELF_APPROVAL: You asked for req-/);

    const hers = await ask(TOKENS.alice, 'http-alice');
    const otherToken = await cli(['approve-request', '--request-id', hers.request_id], as(TOKENS.aliceAgain));
    expect(otherToken.code).toBe(1);
    expect(otherToken.stderr).toMatch(/APPROVAL\.SELF_APPROVAL/);

    const ok = await cli(['approve-request', '--request-id', pending.request_id, '--json'], as(TOKENS.alice));
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      status: 'succeeded',
      requester: 'bob',
      result: { path: 'block-clone', name: 'http-bob' },
    });
    const again = await cli(['approve-request', '--request-id', pending.request_id], as(TOKENS.alice));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/APPROVAL\.ALREADY_DECIDED/);

    const log = await cli(['query-audit', '--resource', pending.request_id, '--json'], as(TOKENS.bob));
    const who = JSON.parse(log.stdout).records.map((r: { event: string; actor: string; via: string }) =>
      [r.event, r.actor, r.via].join(' '),
    );
    expect(who).toEqual([
      'refused alice api',
      'succeeded bob api',
      'started bob api',
      'approved alice api',
      'refused bob api',
      'requested bob api',
    ]);
    expect((await cli(['get-request', '--request-id', hers.request_id, '--json'], as(TOKENS.bob))).stdout).toMatch(
      /"status": "pending_approval"/,
    );
    // The client never opened a database of its own.
    expect(existsSync(join(sb.cwd, '.blockops'))).toBe(false);
  });

  // What the client prints and how the server refuses a token do not depend on the store: checked on SQLite.
  if (engine.name === 'sqlite') {
    it('answers plain HTTP clients with JSON: the gateway result, or the error code with a fitting status', async () => {
      const call = (path: string, init: RequestInit = {}) =>
        fetch(`${served.url}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${TOKENS.bob}`, 'content-type': 'application/json' },
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, Record<string, unknown>> }));
      const images = await call('/api/v1/operations/list_images', { method: 'POST', body: '{"input":{}}' });
      expect(images.status).toBe(200);
      expect(images.body['result']).toMatchObject({ status: 'succeeded', output: { images: expect.any(Array) } });
      expect(await call('/api/v1/operations/no_such_thing', { method: 'POST', body: '{}' })).toMatchObject({
        status: 404,
        body: { error: { code: 'OPERATION.UNKNOWN' } },
      });
      expect(await call('/api/v1/operations/list_images', { method: 'POST', body: '{"input":' })).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION.FAILED' } },
      });
      expect(await call('/api/v1/operations/get_image', { method: 'POST', body: '{"input":{}}' })).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION.FAILED', message: expect.stringMatching(/image: is required/) } },
      });
      expect(await call('/api/v1/requests/req-nope')).toMatchObject({
        status: 404,
        body: { error: { code: 'APPROVAL.NOT_FOUND' } },
      });
    });

    it('refuses a wrong token with 401 and a clear message, and the writes of a read-only token', async () => {
      const before = emu.faults.summary().volumes.total;
      const wrong = await cli(['clone-image', '--image', 'cirros', '--name', 'nope'], as(WRONG_TOKEN));
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toBe('');
      expect(wrong.stderr).toContain(
        `blockops: API.UNAUTHORIZED: blockops serve at ${served.url} refused the token (401)`,
      );
      expect(wrong.stderr).toMatch(/unknown bearer token.*Check BLOCKOPS_TOKEN/);
      expect(wrong.stderr).not.toContain(WRONG_TOKEN);

      const raw = await fetch(`${served.url}/api/v1/operations/list_requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${WRONG_TOKEN}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(raw.status).toBe(401);
      expect(raw.headers.get('www-authenticate')).toMatch(/^Bearer realm="blockops", error="invalid_token"/);
      expect(((await raw.json()) as { error: unknown }).error).toMatchObject({ code: 'API.UNAUTHORIZED' });
      const refusals = await cli(['query-audit', '--operation', 'api_auth', '--json'], as(TOKENS.bob));
      expect(JSON.parse(refusals.stdout).records[0]).toMatchObject({
        event: 'refused',
        actor: 'anonymous',
        via: 'api',
        error: { code: 'API.UNAUTHORIZED', message: 'unknown bearer token' },
      });
      expect(refusals.stdout).not.toContain(WRONG_TOKEN);

      const viewer = await cli(['clone-image', '--image', 'cirros', '--name', 'nope'], as(TOKENS.viewer));
      expect(viewer.code).toBe(1);
      expect(viewer.stderr).toMatch(/POLICY\.FORBIDDEN: The token of viewer is read-only/);
      expect(
        JSON.parse((await cli(['list-requests', '--json'], as(TOKENS.viewer))).stdout).requests,
      ).not.toContainEqual(expect.objectContaining({ input: expect.objectContaining({ name: 'nope' }) }));
      expect(emu.faults.summary().volumes.total).toBe(before);

      const missing = await cli(['list-requests'], { ...as(''), BLOCKOPS_TOKEN: '' });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/CONFIG\.INVALID: BLOCKOPS_URL is set .* but no token is: set BLOCKOPS_TOKEN/);
    });

    it('prints what the local CLI prints, with the same exit codes, and streams progress to stderr', async () => {
      const local = sb.env({
        ...emulatorEnv(emu),
        DATABASE_URL: engine.url(),
        BLOCKOPS_AUDIT_KEY: AUDIT_KEY,
        BLOCKOPS_POLICY: serveEnv['BLOCKOPS_POLICY']!,
      });
      for (const args of [
        ['get-image', '--image', 'cirros'],
        ['get-image', '--image', 'cirros', '--json'],
      ]) {
        const here = await cli(args, local);
        const there = await cli(args, as(TOKENS.bob));
        expect(there.code).toBe(here.code);
        expect(there.stdout).toBe(here.stdout);
      }
      for (const args of [
        ['boot-server', '--flavor', 'm1.tiny'],
        ['get-image', '--image', 'no-such-image'],
      ]) {
        const here = await cli(args, local);
        const there = await cli(args, as(TOKENS.bob));
        expect(here.code).not.toBe(0);
        expect([there.code, there.stdout, there.stderr]).toEqual([here.code, here.stdout, here.stderr]);
      }
      const waiting = cli(
        ['clone-image', '--image', 'cirros', '--name', 'http-waited', '--wait', '60'],
        as(TOKENS.bob),
      );
      let id: string | undefined;
      for (let i = 0; i < 200 && !id; i++) {
        const list = await cli(['list-requests', '--status', 'pending_approval', '--json'], as(TOKENS.alice));
        id = JSON.parse(list.stdout).requests.find(
          (q: { input: { name?: string } }) => q.input.name === 'http-waited',
        )?.request_id;
        if (!id) await new Promise((r) => setTimeout(r, 100));
      }
      expect(id).toBeDefined();
      const approved = await cli(['approve-request', '--request-id', id as string], as(TOKENS.alice));
      expect(approved.code, approved.stderr).toBe(0);
      const waited = await waiting;
      expect(waited.code, waited.stderr).toBe(0);
      expect(waited.stderr).toContain(`… Waiting for approval of ${id} by the approvers group`);
      expect(waited.stdout).toMatch(/^Volume http-waited \(/);
    });

    it('blockops doctor checks the serve and the token, not a cloud of its own', async () => {
      const good = await cli(['doctor'], as(TOKENS.viewer));
      expect(good.code, good.stderr).toBe(0);
      expect(good.stdout).toMatch(/^✔ blockops serve +answers at http:\/\/127\.0\.0\.1:\d+ \(BLOCKOPS_URL\)$/m);
      expect(good.stdout).toMatch(/^✔ token +accepted/m);
      expect(good.stdout).not.toContain('keystone');
      const wrong = await cli(['doctor', '--json'], as(WRONG_TOKEN));
      expect(wrong.code).toBe(1);
      const checks = JSON.parse(wrong.stdout).checks as { name: string; level: string; detail: string }[];
      expect(checks.find((c) => c.name === 'token')).toMatchObject({ level: 'fail' });
      expect(checks.find((c) => c.name === 'token')?.detail).toContain('refused the token (401)');
      expect(wrong.stdout).not.toContain(WRONG_TOKEN);
      const closed = await freePort(); // nothing listens there
      const away = await cli(['doctor'], as(TOKENS.viewer, { BLOCKOPS_URL: `http://127.0.0.1:${closed}` }));
      expect(away.code).toBe(1);
      expect(away.stdout).toContain(`cannot reach http://127.0.0.1:${closed} (BLOCKOPS_URL): ECONNREFUSED`);
      expect(away.stdout).toMatch(/^✘ blockops serve /m);
    });
  }

  it(`lets a CLI user on the database approve only where the policy's local_cli allows it`, async () => {
    const local = (policy: Record<string, unknown>) =>
      sb.writePolicy(policy).then((path) =>
        sb.env({
          ...emulatorEnv(emu),
          DATABASE_URL: engine.url(),
          BLOCKOPS_AUDIT_KEY: AUDIT_KEY,
          BLOCKOPS_POLICY: path,
        }),
      );
    const byDefault = await local(policyWith(['alice', 'bob', OS_USER]));
    const flipped = await local(
      policyWith(['alice', 'bob', OS_USER], { local_cli: { approve: engine.name === 'postgres' } }),
    );
    const first = await ask(TOKENS.bob, `local-${engine.name}-1`);
    const second = await ask(TOKENS.bob, `local-${engine.name}-2`);
    // Default: SQLite (one machine) lets its OS users approve; shared PostgreSQL does not. The policy can flip either.
    const [allowedEnv, refusedEnv] = engine.name === 'postgres' ? [flipped, byDefault] : [byDefault, flipped];

    const refused = await cli(['approve-request', '--request-id', first.request_id], refusedEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/APPROVAL\.LOCAL_CLI: A CLI user on the database cannot approve here/);
    expect(refused.stderr).toMatch(/set BLOCKOPS_URL and BLOCKOPS_TOKEN/);
    const still = await cli(['get-request', '--request-id', first.request_id, '--json'], as(TOKENS.bob));
    expect(JSON.parse(still.stdout)).toMatchObject({ status: 'pending_approval', approvals: [] });

    const allowed = await cli(['approve-request', '--request-id', second.request_id, '--json'], allowedEnv);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({ status: 'succeeded', requester: 'bob' });
  });
});
