import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { FIXTURES_DIR, hasShared, SKIP_REASON } from '../helpers/shared.js';
import { login } from './client.js';
import { identityCases, imageCases } from './fixture-cases-identity-image.js';
import { computeCases, volumeCases } from './fixture-cases-volume-compute.js';
import type { Run } from './fixture-run.js';
import { shapeDiff } from './shape.js';

const REAL = join(FIXTURES_DIR, 'openstack-real-zed');
const CASES = [...identityCases, ...imageCases, ...volumeCases, ...computeCases];

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? jsonFiles(join(dir, e.name))
      : e.name.endsWith('.json')
        ? [relative(REAL, join(dir, e.name))]
        : [],
  );
}

// Reads ../shared/fixtures: skipped when that folder is absent (SKIP_REASON), never otherwise.
describe.skipIf(!hasShared)(`the emulator answers like the real Zed cloud (${SKIP_REASON} → skip)`, () => {
  const run = { ids: {} } as Run;

  beforeAll(async () => {
    run.emu = await startEmulator({ speed: 0 });
    run.admin = await login(run.emu, 'admin');
    run.member = await login(run.emu, 'member');
  });
  afterAll(async () => {
    await run.emu?.close();
  });

  it('has a case for every captured response', () => {
    const covered = new Set(CASES.map((c) => c.fixture));
    expect(jsonFiles(REAL).filter((f) => !covered.has(f))).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.fixture}: HTTP ${c.status}, same keys and JSON types`, async () => {
      const fixture = JSON.parse(readFileSync(join(REAL, c.fixture), 'utf8')) as unknown;
      const reply = await c.run(run);
      expect(reply.status, reply.text).toBe(c.status);
      expect(shapeDiff(fixture, reply.json, c.freeForm)).toEqual([]);
    });
  }
});
