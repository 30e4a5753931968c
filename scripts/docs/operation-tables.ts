import { spliceGenerated } from './markers.js';
import { type AnyOperation, allOperations, annotationsFor, cliName, mayNeedApproval } from './registry.js';

/**
 * The Markdown tables of operations that README.md and manifests/mcp/README.md carry, rendered from the operation
 * registry. `npm run docs` writes them; test/docs/generated-docs.test.ts fails when a file differs from them.
 */

const NOTE =
  '<!-- Written by `npm run docs` from the operation registry: change the operations in src/, not this table. -->';

/** README: every operation as a CLI verb and an MCP tool. */
export function operationsTable(ops: readonly AnyOperation[] = allOperations): string {
  return table(
    ['CLI verb', 'MCP tool', 'what it does', 'reads or writes', 'may need approval'],
    ops.map((op) => [
      code(cliName(op.name)),
      op.peopleOnly ? '— (people only)' : code(op.name),
      op.title,
      op.effect,
      mayNeedApproval(op) ? 'yes' : 'no',
    ]),
  );
}

/** manifests/mcp/README.md: every tool with the annotations blockops gives it (none that only people may use). */
export function mcpToolsTable(ops: readonly AnyOperation[] = allOperations): string {
  const rows = ops.filter((op) => !op.peopleOnly).map((op) => [code(op.name), op.title, kind(op), hints(op)]);
  return `${table(['tool', 'title', 'read-only or write', 'annotations'], rows)}\n\nHints not listed are \`false\`; each tool's \`title\` annotation is its title.`;
}

export interface GeneratedDoc {
  /** Relative to the repository root. */
  file: string;
  section: string;
  render(): string;
}

export const generatedDocs: readonly GeneratedDoc[] = [
  { file: 'README.md', section: 'operations', render: () => operationsTable() },
  { file: 'manifests/mcp/README.md', section: 'mcp-tools', render: () => mcpToolsTable() },
];

/** The file's text with its generated section brought up to date. */
export function regenerate(doc: GeneratedDoc, text: string): string {
  return spliceGenerated(text, doc.section, `${NOTE}\n\n${doc.render()}`, doc.file);
}

function kind(op: AnyOperation): string {
  if (op.effect === 'read') return 'read-only';
  return mayNeedApproval(op) ? 'write, may need approval' : 'write';
}

function hints(op: AnyOperation): string {
  const { title: _title, ...flags } = annotationsFor(op);
  const set = Object.entries(flags).filter(([, v]) => v === true);
  return set.map(([k]) => code(k)).join(' ') || '—';
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** One table cell: no line breaks, and a `|` that does not end the cell. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

function code(text: string): string {
  return `\`${text}\``;
}
