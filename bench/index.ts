import { auditAppendBench, auditVerifyBench } from './audit.js';
import { failoverCliBench } from './failover-cli.js';
import { type Bench, loadLine, printTable, type Row } from './figures.js';
import { healthBench } from './health.js';
import { launchBench } from './launch.js';
import { oncallBench } from './oncall.js';
import { slackAckBench } from './slack-ack.js';
import { startupBench } from './startup.js';
import { uploadBench } from './upload.js';

/**
 * `npm run bench [-- P5 P7 …]`: every figure next to its peer or floor measured in the same run (A B A B …,
 * medians), printed as one table. BENCH_QUICK=1 runs smaller sizes (a smoke run); figures for notes come from the
 * full run. The MCP session figures stay in `node dist-bench/bench/mcp-sessions.js` (no peer: memory per session).
 */
const BENCHES: Bench[] = [
  uploadBench,
  failoverCliBench,
  slackAckBench,
  launchBench,
  startupBench,
  auditAppendBench,
  auditVerifyBench,
  healthBench,
  oncallBench,
];

async function main(): Promise<void> {
  const quick = process.env['BENCH_QUICK'] === '1';
  const wanted = process.argv.slice(2).map((a) => a.toUpperCase());
  const unknown = wanted.filter((w) => !BENCHES.some((b) => b.id === w));
  if (unknown.length) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}: choose from ${BENCHES.map((b) => b.id).join(' ')}`);
  }
  const chosen = wanted.length ? BENCHES.filter((b) => wanted.includes(b.id)) : BENCHES;
  process.stdout.write(`blockops benchmarks${quick ? ' (quick)' : ''} on node ${process.version}; ${loadLine()}\n`);
  const rows: Row[] = [];
  for (const bench of chosen) {
    process.stderr.write(`${bench.id} ${bench.title}…\n`);
    try {
      rows.push(...(await bench.run(quick)));
    } catch (e: unknown) {
      process.exitCode = 1;
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
      rows.push({
        id: bench.id,
        what: `${bench.title}: FAILED ${reason}`,
        ours: '—',
        peer: '—',
        ratio: undefined,
        target: '—',
        holds: false,
      });
    }
  }
  process.stdout.write(`\n${loadLine()} at the end\n`);
  printTable(rows);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
