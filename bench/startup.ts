import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Bench, interleave, type Row, timeRow } from './figures.js';
import { builtCli, mcpInitialize, runToExit } from './spawn.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const MINIMAL_MCP = join(HERE, 'minimal-mcp-server.js');
const READ_LIBRARIES = join(HERE, 'read-libraries.js');

/**
 * P5: start-up. `blockops mcp` spawn → initialize answered, next to a one-tool MCP server on the same SDK spawned
 * the same way; `blockops --help` and a read (`list-requests`, local store) next to bare `node -e 0`, and the read
 * next to node loading just the libraries it needs (read-libraries.ts): the part of the gap that is blockops' own.
 */
export const startupBench: Bench = {
  id: 'P5',
  title: 'start-up',
  async run(quick) {
    const rounds = quick ? 3 : 9;
    const cli = builtCli();
    const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-startup-'));
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: dir,
      DATABASE_URL: join(dir, 'blockops.db'),
      BLOCKOPS_EMULATOR_SPEED: '0',
      BLOCKOPS_LOG_LEVEL: 'warn',
    };
    try {
      await mcpInitialize([cli, 'mcp'], env); // creates and migrates the database: not part of a typical start
      const rows: Row[] = [];
      const mcp = await interleave(
        rounds,
        () => mcpInitialize([cli, 'mcp'], env),
        () => mcpInitialize([MINIMAL_MCP], env),
      );
      rows.push(timeRow('P5', '`blockops mcp` spawn → initialize answered', mcp.a, mcp.b, 1.2, '(1-tool SDK server)'));
      const floor = () => runToExit(process.execPath, ['-e', '0'], env);
      const help = await interleave(rounds, () => runToExit(process.execPath, [cli, '--help'], env), floor);
      rows.push(timeRow('P5', '`blockops --help`, spawn → exit', help.a, help.b, 1.2, '(node -e 0)'));
      const read = await interleave(
        rounds,
        () => runToExit(process.execPath, [cli, 'list-requests', '--json'], env),
        floor,
      );
      rows.push(timeRow('P5', '`blockops list-requests` (a read), spawn → exit', read.a, read.b, 1.2, '(node -e 0)'));
      const libraries = await interleave(
        rounds,
        () => runToExit(process.execPath, [cli, 'list-requests', '--json'], env),
        () => runToExit(process.execPath, [READ_LIBRARIES], env),
      );
      rows.push(
        timeRow(
          'P5',
          '`blockops list-requests`, next to the libraries it needs',
          libraries.a,
          libraries.b,
          1.2,
          '(node + the libraries it loads)',
        ),
      );
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
