import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { parse } from 'yaml';
import { z } from 'zod';

/** The package's prompts/ directory: src/mcp and dist/mcp are both two levels below the package root. */
export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

const frontMatter = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be kebab-case' }),
    title: z.string().min(1).optional(),
    description: z.string().min(1),
    arguments: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'must be snake_case' }),
            description: z.string().min(1),
            required: z.boolean().default(false),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type PromptTemplate = z.output<typeof frontMatter> & { body: string; file: string };

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;

/** A prompt file: YAML front matter between `---` lines, then the markdown body with {{argument}} placeholders. */
export function parsePrompt(text: string, file: string): PromptTemplate {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new Error(`${file}: must start with YAML front matter between --- lines`);
  const parsed = frontMatter.safeParse(parse(m[1] ?? ''));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'front matter'}: ${i.message}`).join('; ');
    throw new Error(`${file}: ${issues}`);
  }
  const body = (m[2] ?? '').trim();
  const declared = new Set(parsed.data.arguments.map((a) => a.name));
  for (const [, name] of body.matchAll(PLACEHOLDER)) {
    if (name && !declared.has(name)) throw new Error(`${file}: {{${name}}} is not one of the declared arguments`);
  }
  return { ...parsed.data, body, file };
}

/** Fills in {{argument}}; an optional argument left out reads "(not given)". */
export function renderPrompt(t: PromptTemplate, args: Record<string, string | undefined>): string {
  return t.body.replace(PLACEHOLDER, (_, name: string) => {
    const v = args[name]?.trim();
    return v ? v : '(not given)';
  });
}

let cache: PromptTemplate[] | undefined;

/** Every prompts/*.md, parsed once per process (a broken prompt file fails loudly at start). */
export function loadPrompts(dir = PROMPTS_DIR): PromptTemplate[] {
  if (dir === PROMPTS_DIR && cache) return cache;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort();
  const prompts = files.map((f) => parsePrompt(readFileSync(join(dir, f), 'utf8'), f));
  if (dir === PROMPTS_DIR) cache = prompts;
  return prompts;
}

export function registerPrompts(server: McpServer, prompts: PromptTemplate[] = loadPrompts()): void {
  for (const p of prompts) {
    const argsSchema = Object.fromEntries(
      p.arguments.map((a) => [
        a.name,
        a.required ? z.string().describe(a.description) : z.string().optional().describe(a.description),
      ]),
    );
    server.registerPrompt(
      p.name,
      { title: p.title, description: p.description, argsSchema },
      (args: Record<string, string | undefined>) => ({
        description: p.description,
        messages: [{ role: 'user', content: { type: 'text', text: renderPrompt(p, args) } }],
      }),
    );
  }
}
