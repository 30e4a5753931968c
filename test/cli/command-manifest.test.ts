import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../../src/cli/command-manifest.js';
import { buildManifest } from '../../src/cli/command-manifest-build.js';
import { allOperations } from '../../src/core/operations.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the command manifest the build writes', () => {
  it('is what the live registry says now (rebuild if this fails: npm run build)', async () => {
    const built = JSON.parse(readFileSync(join(ROOT, 'dist', MANIFEST_FILE), 'utf8')) as unknown;
    expect(built).toEqual(await buildManifest(join(ROOT, 'src')));
  });

  it('names, for every operation in order, the module that exports it', async () => {
    const { verbs } = await buildManifest(join(ROOT, 'src'));
    expect(verbs.map((v) => v.name)).toEqual(allOperations.map((op) => op.name));
    for (const verb of verbs) {
      const mod = (await import(join(ROOT, 'src', verb.module.replace(/\.js$/, '.ts')))) as Record<string, unknown>;
      expect(allOperations).toContain(mod[verb.export]);
    }
  });
});
