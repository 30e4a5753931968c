import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/store/types.js';
import { RefusalAudit, type RefusalSource } from '../../src/server/refusal-audit.js';
import { engines } from '../helpers/store-engines.js';

const WINDOW_MS = 150;
const req = { method: 'POST', path: '/mcp' };
const from = (remote: string): RefusalSource => ({
  door: 'mcp',
  remote,
  code: 'MCP.UNAUTHORIZED',
  reason: 'unknown bearer token',
});

describe.each(engines('refusal-audit'))('refusals audited, aggregated per source, on $name', (engine) => {
  let store: Store;
  beforeAll(async () => {
    await engine.setup();
    store = await engine.open();
  });
  afterAll(() => engine.teardown());

  const refused = () => store.audit.query({ operation: 'mcp_auth', event: 'refused' });

  it('writes the first refusal at once, then one record with the count of the rest when the window ends', async () => {
    const audit = new RefusalAudit(store.audit, WINDOW_MS);
    audit.record(from('10.0.0.1'), req, false);
    for (let i = 0; i < 49; i++) audit.record(from('10.0.0.1'), req, i >= 19);
    await until(async () => (await refused()).length === 1);
    const [first] = await refused();
    expect(first).toMatchObject({ actor: { id: 'anonymous', via: 'mcp' }, error: { code: 'MCP.UNAUTHORIZED' } });
    expect(first?.details).toMatchObject({ remote: '10.0.0.1', count: 1, rate_limited: 0, path: '/mcp' });

    await until(async () => (await refused()).length === 2);
    const [summary] = await refused();
    expect(summary?.details).toMatchObject({ remote: '10.0.0.1', count: 49, rate_limited: 30 });
    await audit.close();
    expect(await refused()).toHaveLength(2);
  });

  it('keeps sources apart, and writes what is still counted when it closes', async () => {
    const before = (await refused()).length;
    const audit = new RefusalAudit(store.audit, 60_000);
    for (const remote of ['10.0.0.2', '10.0.0.3', '10.0.0.2', '10.0.0.2']) audit.record(from(remote), req, false);
    await audit.close();
    const records = (await refused()).slice(0, (await refused()).length - before);
    const counts = records.map((r) => [r.details?.['remote'], r.details?.['count']]);
    expect(counts.sort()).toEqual([
      ['10.0.0.2', 1],
      ['10.0.0.2', 2],
      ['10.0.0.3', 1],
    ]);
  });
});

async function until(ok: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
