import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:reliability`: faults, hostile input and load against the emulator, each case bounded in count and
// time, traffic to loopback only. Every file adds rows to one report, printed as a table at the end.
const report = join(tmpdir(), `blockops-reliability-${process.pid}.jsonl`);
// The global set-up that prints the table runs in this process; the test files, in workers given `env`.
process.env['BLOCKOPS_RELIABILITY_REPORT'] = report;

export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Load figures mean little when two files compete for the machine's two cores.
    fileParallelism: false,
    env: { BLOCKOPS_RELIABILITY_REPORT: report },
    globalSetup: ['test/reliability/print-report.ts'],
  },
});
