import { writeFile } from 'node:fs/promises';
import type { LightbitsExchange } from '../../../src/emulator/lightbits/index.js';

export type Step = LightbitsExchange | { action: 'failNode' | 'restoreNode'; node: number };

/**
 * A recording as a replayable fixture (test/emulator/lightbits/driver-replay.ts): no Host, no node index; the JWT
 * was never recorded (the emulator shows only whether it matched); the cluster's own ids stay, they are random.
 * Run `npx biome format --write` on the file afterwards (the lint checks fixtures too).
 */
export async function saveFixture(path: string, description: string, project: string, nodes: number, steps: Step[]) {
  // The driver's requests only (python-requests), not blockops' own (get_failover_status reads the cluster too).
  const driver = steps.filter((s) => 'action' in s || s.headers['user-agent']?.startsWith('python-'));
  const clean = driver.map((s) => {
    if ('action' in s) return s;
    const { host: _host, ...headers } = s.headers;
    return { method: s.method, url: s.url, headers, body: s.body, status: s.status, reply: s.reply };
  });
  await writeFile(path, `${JSON.stringify({ description, project, nodes, steps: clean }, null, 2)}\n`);
}
