import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MANIFEST_FILE } from './command-manifest.js';
import { buildManifest } from './command-manifest-build.js';

// Run by `npm run build` after tsc: dist/commands.json, from the compiled registry.
const dist = dirname(dirname(fileURLToPath(import.meta.url)));
writeFileSync(join(dist, MANIFEST_FILE), `${JSON.stringify(await buildManifest(dist), null, 1)}\n`);
