import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// docs/architecture.md: the emulator imports no client, so a bug in a client's reading of the wire is not
// mirrored by the fake it is tested against.

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const EMULATOR = join(SRC, 'emulator');
const CLIENTS = join(SRC, 'clients');

/** Every module specifier in a file: static imports, re-exports and dynamic imports. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)) found.push(m[1]!);
  return found;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('the emulator', () => {
  it('imports nothing from src/clients/', () => {
    const offending = tsFiles(EMULATOR).flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((s) => s.startsWith('.') && resolve(dirname(file), s).startsWith(`${CLIENTS}/`))
        .map((s) => `${relative(SRC, file)} imports ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it('is checked by a scanner that sees imports', () => {
    expect(specifiers(`import { a } from '../x.js';\nexport * from "./y.js";\nawait import('./z.js');`)).toEqual([
      '../x.js',
      './y.js',
      './z.js',
    ]);
  });
});
