import { benchAudit } from './audit.js';
import { printFigures } from './figures.js';
import { benchHealth } from './health.js';
import { benchMcpInit } from './mcp-init.js';
import { benchMcpSessions } from './mcp-sessions.js';
import { benchOncall } from './oncall.js';
import { benchSlackAck } from './slack-ack.js';
import { benchUpload } from './upload.js';

/**
 * `npm run bench`: throughput, latency and memory figures, printed for the notes and the README.
 * BENCH_QUICK=1 runs smaller sizes (a smoke run); the figures in the notes come from the full run.
 */
const quick = process.env['BENCH_QUICK'] === '1';
const PG = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function main(): Promise<void> {
  process.stdout.write(`blockops benchmarks${quick ? ' (quick)' : ''} on ${process.version}\n`);
  printFigures('Upload', await benchUpload(quick ? 64 * 2 ** 20 : 2 ** 30));
  printFigures(
    'Health and failover',
    await benchHealth({ volumes: quick ? 1000 : 10_000, servers: quick ? 50 : 500, runs: quick ? 5 : 21 }),
  );
  printFigures(
    'On-call watcher',
    await benchOncall({ volumes: quick ? 1000 : 10_000, servers: quick ? 50 : 500, runs: quick ? 3 : 11 }),
  );
  const mcp = await benchMcpInit({ runs: quick ? 3 : 10 });
  printFigures('MCP', [
    {
      name: 'spawn `blockops mcp` → initialize answer, median',
      value: mcp.medianMs,
      unit: 'ms',
      note: `${mcp.runs} runs`,
    },
  ]);
  printFigures('MCP sessions', await benchMcpSessions({ sessions: quick ? 300 : 3000 }));
  const slack = await benchSlackAck();
  printFigures('Slack', [
    { name: `ack latency, ${slack.commands} concurrent slash commands, p50`, value: slack.p50Ms, unit: 'ms' },
    { name: `ack latency, ${slack.commands} concurrent slash commands, p99`, value: slack.p99Ms, unit: 'ms' },
  ]);
  printFigures(
    'Audit',
    await benchAudit({ appends: quick ? 200 : 2000, verifyRecords: quick ? 100_000 : 1_000_000, postgresUrl: PG }),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
