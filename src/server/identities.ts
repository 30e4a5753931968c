import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { OpsError } from '../core/errors/ops-error.js';

/**
 * One HTTP identity: who a bearer token stands for, for every door of `blockops serve` that takes tokens (MCP at
 * /mcp, the HTTP API the CLI uses at /api/v1). Only the token's SHA-256 is ever stored.
 */
export const tokenEntry = z
  .object({
    identity: z.string().min(1).max(200),
    token_sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, { error: 'must be the 64 hex digits of sha256sum' })
      .transform((s) => s.toLowerCase()),
    read_only: z.boolean().default(false),
    /** The person this assistant acts for: they may not approve what it asks for. */
    person: z.string().min(1).max(200).optional(),
  })
  .strict();

export type TokenEntry = z.output<typeof tokenEntry>;

const tokensFile = z.union([z.array(tokenEntry), z.object({ tokens: z.array(tokenEntry) }).transform((f) => f.tokens)]);

export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Parses a tokens file (YAML or JSON). Errors name the entry and field, never the file's text. */
export function parseTokens(text: string, source: string): TokenEntry[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    throw new OpsError('MCP.TOKENS_INVALID', `${source}: is not valid YAML or JSON.`);
  }
  const parsed = tokensFile.safeParse(data ?? []);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'top level'}: ${i.message}`).join('; ');
    throw new OpsError(
      'MCP.TOKENS_INVALID',
      `${source}: expected a list of { identity, token_sha256, read_only?, person? } (${issues}).`,
    );
  }
  return parsed.data;
}

/**
 * The identity whose token hashes to the presented one. Every entry is compared, in constant time, so the
 * answer's timing says nothing about which entry (or how much of a hash) matched.
 */
export function findIdentity(entries: readonly TokenEntry[], token: string): TokenEntry | undefined {
  const presented = Buffer.from(sha256Hex(token), 'hex');
  let found: TokenEntry | undefined;
  for (const e of entries) {
    if (timingSafeEqual(presented, Buffer.from(e.token_sha256, 'hex')) && !found) found = e;
  }
  return found;
}

/** The token file, re-read when it changes on disk, so tokens rotate without a restart. Fails closed. */
export class TokenFile {
  private cached: { mtimeMs: number; size: number; entries: TokenEntry[] } | undefined;

  constructor(private readonly path: string) {}

  async entries(): Promise<TokenEntry[]> {
    const s = await stat(this.path).catch(() => undefined);
    if (!s) throw new OpsError('MCP.TOKENS_MISSING', `${this.path}: cannot be read; no HTTP client can sign in.`);
    if (this.cached && this.cached.mtimeMs === s.mtimeMs && this.cached.size === s.size) return this.cached.entries;
    const entries = parseTokens(await readFile(this.path, 'utf8'), this.path);
    this.cached = { mtimeMs: s.mtimeMs, size: s.size, entries };
    return entries;
  }
}
