import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockops } from '../helpers/cli.js';

/** `blockops serve` (the built CLI, on its built-in emulator) that cannot start: it says why and exits, non-zero. */
describe('blockops serve that cannot start', () => {
  let dir: string;
  let env: Record<string, string>;
  let taken: Server;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'blockops-port-'));
    env = { DATABASE_URL: join(dir, 'blockops.db'), BLOCKOPS_EMULATOR_SPEED: '0', BLOCKOPS_LOG_LEVEL: 'warn' };
    taken = createServer();
    port = await new Promise<number>((resolve, reject) => {
      taken.once('error', reject);
      taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port));
    });
  });
  afterAll(async () => {
    await new Promise((r) => taken.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('on a port in use, names the port and what to do, and exits 1 without claiming to listen', async () => {
    const r = await blockops(['serve', '--port', String(port)], env, { cwd: dir, timeoutMs: 20_000 });
    expect(r.stderr).toContain(
      `SERVE.PORT_IN_USE: Cannot listen: port ${port} on 127.0.0.1 is already in use (EADDRINUSE). ` +
        'Stop the other process or set --port/PORT.',
    );
    expect(r.stderr).not.toMatch(/listening/);
    expect(r.code).toBe(1);
  });

  it('on an address that is not this machine, says so and names --host', async () => {
    const r = await blockops(['serve', '--port', '0', '--host', '192.0.2.1'], env, { cwd: dir, timeoutMs: 20_000 });
    expect(r.stderr).toMatch(/SERVE\.LISTEN_FAILED: .*192\.0\.2\.1 .*EADDRNOTAVAIL.*--host\/BLOCKOPS_HOST/);
    expect(r.code).toBe(1);
  });

  it('with a front door that cannot start (a missing MCP tokens file), says why and exits 1', async () => {
    const tokens = join(dir, 'missing-tokens.yaml');
    const r = await blockops(
      ['serve', '--port', '0'],
      { ...env, BLOCKOPS_MCP_TOKENS: tokens },
      { cwd: dir, timeoutMs: 20_000 },
    );
    expect(r.stderr).toContain(`MCP.TOKENS_MISSING: ${tokens}: cannot be read`);
    expect(r.code).toBe(1);
  });
});
