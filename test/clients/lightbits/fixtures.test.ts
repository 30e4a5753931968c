import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GiB, parseSize } from '../../../src/clients/lightbits/index.js';
import { toClusterInfo, toNode } from '../../../src/clients/lightbits/normalize.js';
import { createVolumeBody } from '../../../src/clients/lightbits/requests.js';
import { clusterInfoWire, createVolumeRequestWire, nodesListWire } from '../../../src/clients/lightbits/wire.js';
import { FIXTURES_DIR, hasShared, SKIP_REASON } from '../../helpers/shared.js';

const DIR = join(FIXTURES_DIR, 'lightbits');
const read = (name: string): unknown => JSON.parse(readFileSync(join(DIR, name), 'utf8'));

// Reads ../shared/fixtures/lightbits; skipped only when that folder is absent: SKIP_REASON.
describe.skipIf(!hasShared)(`shared Lightbits fixtures (skipped when ${SKIP_REASON})`, () => {
  const checks: Record<string, (data: unknown) => void> = {
    'clusterinfo-response.json': (data) => {
      const info = toClusterInfo(clusterInfoWire.parse(data));
      expect(info.uuid).toBe('926e6df8-73e1-11ec-a624-07ba3880f6cc');
      expect(info.subsystemNqn).toMatch(/^nqn\.2014-08\.org\.nvmexpress:NVMf:uuid:/);
    },
    'nodes-response.json': (data) => {
      const nodes = (nodesListWire.parse(data).nodes ?? []).map(toNode);
      expect(nodes).toHaveLength(3);
      expect(nodes[0]).toMatchObject({
        uuid: '926e6df8-73e1-11ec-a624-000000000001',
        nvmeEndpoint: '192.168.75.10:4420',
      });
      expect(nodes[0]?.state).toBe('Unknown');
    },
    'create-volume-request.json': (data) => {
      const req = createVolumeRequestWire.parse(data);
      expect(parseSize(req.size)).toBe(20 * GiB);
      expect(
        createVolumeBody({
          name: req.name,
          sizeBytes: 20 * GiB,
          replicaCount: 3,
          compression: false,
          acl: req.acl.values ?? [],
          ipAcl: req.IPAcl?.values ?? [],
          sourceSnapshotName: req.sourceSnapshotName ?? '',
        }),
      ).toEqual(data);
    },
  };

  it('has a check for every JSON file in the folder', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(Object.keys(checks).sort());
  });

  for (const [file, check] of Object.entries(checks)) {
    it(`parses ${file}`, () => check(read(file)));
  }
});
