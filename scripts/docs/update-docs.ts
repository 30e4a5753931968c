import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generatedDocs, regenerate } from './operation-tables.js';

/**
 * `npm run docs`: rewrites the generated sections of the docs from the operation registry. Run from the
 * repository root (npm does); files whose sections are already up to date are left untouched.
 */
async function main(root: string): Promise<void> {
  for (const doc of generatedDocs) {
    const path = join(root, doc.file);
    const before = await readFile(path, 'utf8');
    const after = regenerate(doc, before);
    if (after === before) {
      console.log(`${doc.file}: up to date`);
      continue;
    }
    await writeFile(path, after);
    console.log(`${doc.file}: ${doc.section} section rewritten`);
  }
}

main(process.cwd()).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
