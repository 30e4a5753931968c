import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAudit } from '../../../src/core/audit/export.js';
import type { AuditEntry, Store } from '../../../src/core/store/types.js';
import { engines } from '../../helpers/store-engines.js';

function collect(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe.each(engines('export'))('exportAudit on $name', (engine) => {
  let store: Store;
  const stored: AuditEntry[] = [];

  beforeAll(async () => {
    await engine.setup();
    store = await engine.open();
    for (let i = 1; i <= 5; i++) {
      await store.audit.append({
        event: i === 5 ? 'failed' : 'started',
        actor: { id: i % 2 ? 'U-odd' : 'U-even', via: 'slack' },
        operation: i <= 3 ? 'upload_image' : 'boot_server',
        requestId: `req-${i}`,
        input: { line: 'has\nnewline', n: i },
        resources: { server_ids: [`srv-${i}`] },
      });
    }
    for await (const e of store.audit.scan()) stored.push(e);
  });
  afterAll(() => engine.teardown());

  it('writes one valid JSON line per record, oldest first', async () => {
    const { out, text } = collect();
    expect(await exportAudit(store, out)).toBe(5);
    const lines = text().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => JSON.parse(l))).toEqual(stored);
    expect(out.writableEnded).toBe(false);
  });

  it('filters with a query and caps with its limit', async () => {
    const { out, text } = collect();
    expect(await exportAudit(store, out, { operation: 'upload_image', actor: 'U-odd' })).toBe(2);
    expect(
      text()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).seq),
    ).toEqual([1, 3]);

    const second = collect();
    expect(await exportAudit(store, second.out, { resource: 'srv-4' })).toBe(1);
    const third = collect();
    expect(await exportAudit(store, third.out, { limit: 2 })).toBe(2);
    expect(
      third
        .text()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).seq),
    ).toEqual([1, 2]);
  });

  it('waits for a slow writer instead of buffering everything', async () => {
    const received: string[] = [];
    const slow = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _enc, done) {
        received.push(chunk.toString());
        setTimeout(done, 2);
      },
    });
    expect(await exportAudit(store, slow)).toBe(5);
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(received.join('').trim().split('\n')).toHaveLength(5);
  });
});
