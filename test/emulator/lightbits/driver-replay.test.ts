import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLightbitsCluster, startLightbitsEndpoints } from '../../../src/emulator/lightbits/index.js';
import { type DriverFixture, replay } from './driver-replay.js';

// Requests Cinder's own Lightbits driver really sent (recorded on the OpenStack box by
// test/integration/lightos-driver/, see docs/lightbits-driver.md), replayed against a fresh emulator.
const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/lightos-driver');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json'));

describe("the emulator answers Cinder's Lightbits driver as it did when recorded", () => {
  it('has recordings to replay', () => {
    expect(FILES.length).toBeGreaterThan(0);
  });

  for (const file of FILES) {
    const fixture = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as DriverFixture;
    it(`${file}: ${fixture.description}`, async () => {
      const cluster = createLightbitsCluster({ nodes: fixture.nodes, speed: 0, project: fixture.project });
      const api = await startLightbitsEndpoints(cluster, { host: '127.0.0.1' });
      try {
        const results = await replay(fixture, cluster, api.endpoints[0] as string);
        expect(results.length).toBeGreaterThan(10);
        expect(results.flatMap((r) => r.problems)).toEqual([]);
      } finally {
        cluster.dispose();
        await api.close();
      }
    });
  }
});
