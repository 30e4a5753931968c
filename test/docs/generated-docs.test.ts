import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spliceGenerated } from '../../scripts/docs/markers.js';
import { generatedDocs, mcpToolsTable, operationsTable, regenerate } from '../../scripts/docs/operation-tables.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('docs generated from the operation registry', () => {
  for (const doc of generatedDocs) {
    it(`${doc.file} is up to date`, () => {
      const text = readFileSync(join(ROOT, doc.file), 'utf8');
      // A plain boolean, so that a failure says what to do rather than printing two whole READMEs.
      const upToDate = regenerate(doc, text) === text;
      expect(
        upToDate,
        `${doc.file}: its ${doc.section} table is stale; run \`npm run docs\` and commit the result`,
      ).toBe(true);
    });
  }
});

describe('operation tables', () => {
  it('list every operation once, as its CLI verb and MCP tool', () => {
    const readme = operationsTable();
    expect(readme).toContain('| `launch-server` | `launch_server` | Launch servers from an image | write | yes |');
    // Only people approve: a CLI verb, no MCP tool.
    expect(readme).toContain('| `approve-request` | — (people only) | Approve a request | write | no |');
    expect(readme).toContain('| `get-image` | `get_image` | Show an image | read | no |');
    expect(mcpToolsTable()).toContain(
      '| `get_image` | Show an image | read-only | `readOnlyHint` `idempotentHint` `openWorldHint` |',
    );
    expect(mcpToolsTable()).toContain(
      '| `query_audit` | Query the audit log | read-only | `readOnlyHint` `idempotentHint` |',
    );
    expect(mcpToolsTable()).not.toMatch(/approve_request|deny_request/);
  });
});

describe('generated sections', () => {
  const text = 'before\n<!-- generated:x:start -->\nold\n<!-- generated:x:end -->\nafter\n';

  it('replace only what lies between the markers', () => {
    expect(spliceGenerated(text, 'x', 'new\n', 'f.md')).toBe(
      'before\n<!-- generated:x:start -->\nnew\n<!-- generated:x:end -->\nafter\n',
    );
  });

  it('refuse a file without the markers, or with them twice', () => {
    expect(() => spliceGenerated('no markers', 'x', 'new', 'f.md')).toThrow(
      /f\.md: expected <!-- generated:x:start -->/,
    );
    expect(() => spliceGenerated(text + text, 'x', 'new', 'f.md')).toThrow(/more than once/);
  });
});
