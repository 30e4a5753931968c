import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, ROOT } from '../helpers/cli.js';
import { markedShellBlocks, type PastedCommand, PastingShell, shellCommands } from '../helpers/readme-blocks.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
/** `npm test` has just built this clone (`npm run build`), so the block's build line is the one thing not re-run. */
const BUILD_LINE = 'npm ci && npm run build';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('README quick start, pasted line by line into a shell in an empty folder', () => {
  const blocks = markedShellBlocks(README);
  let dir: string;
  let shell: PastingShell;
  let port: number;
  const results: PastedCommand[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blockops-quickstart-'));
    port = await freePort();
    // `npx blockops` in the clone runs the package's own bin, dist/main.js: here, from the empty folder, the same.
    const bin = join(dir, '.bin');
    await mkdir(bin);
    await writeFile(
      join(bin, 'npx'),
      `#!/bin/sh\nif [ "$1" = blockops ]; then shift; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(MAIN)} "$@"; fi\n` +
        `echo "the quick start runs only npx blockops, not npx $1" >&2; exit 127\n`,
    );
    await chmod(join(bin, 'npx'), 0o755);
    shell = new PastingShell({
      cwd: dir,
      env: {
        PATH: `${bin}:${dirname(process.execPath)}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
        HOME: dir,
        // The one port that may be taken on a shared machine; instant emulator transitions, so the test is quick.
        PORT: String(port),
        BLOCKOPS_EMULATOR_SPEED: '0',
      },
    });
  });
  afterAll(async () => {
    await shell?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds exactly the marked shell blocks, and each starts with the build', () => {
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(shellCommands(block)[0]).toBe(BUILD_LINE);
  });

  it('runs every command of every marked block successfully', { timeout: 600_000 }, async () => {
    for (const block of blocks) {
      for (const command of shellCommands(block).slice(1)) {
        const pasted = command.replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`);
        const r = await shell.paste(pasted);
        results.push(r);
        expect(r.status, `${command}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`).toBe(0);
      }
    }
  });

  it('did what the walkthrough says: a refused self-approval, a server launched on approval, an audit trail', () => {
    const output = (pattern: RegExp) => results.find((r) => pattern.test(r.command));
    expect(output(/get-image cirros/)?.stdout).toMatch(/block-clone/);
    const selfApproval = output(/BLOCKOPS_TOKEN=\$bob npx blockops approve-request/);
    expect(selfApproval?.stderr).toMatch(/APPROVAL\.SELF_APPROVAL/);
    expect(selfApproval?.stdout).toMatch(/refused, as it should be/);
    expect(output(/BLOCKOPS_TOKEN=\$alice npx blockops approve-request/)?.stdout).toMatch(/succeeded/);
    expect(output(/list-servers/)?.stdout).toMatch(/web.*ACTIVE|ACTIVE.*web/s);
    expect(output(/query-audit/)?.stdout).toMatch(/alice/);
  });
});
