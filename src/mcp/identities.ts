import { userInfo } from 'node:os';
import type { Actor } from '../core/people/actor.js';
import type { TokenEntry } from '../server/identities.js';

// The bearer identities are the server's, shared with the HTTP API; MCP names them from here too.
export { findIdentity, parseTokens, sha256Hex, type TokenEntry, TokenFile, tokenEntry } from '../server/identities.js';

/** The stdio actor: BLOCKOPS_MCP_IDENTITY, or `mcp:<login name>`. */
export function stdioActor(env: NodeJS.ProcessEnv = process.env, override?: string): Actor {
  const person = loginName(env);
  const id = override || env['BLOCKOPS_MCP_IDENTITY'] || `mcp:${person}`;
  // Whoever runs the stdio server is the person behind its assistant.
  return { id, via: 'mcp', onBehalfOf: person };
}

function loginName(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    return env['USER'] ?? env['LOGNAME'] ?? 'unknown';
  }
}

export function httpActor(entry: TokenEntry): Actor {
  return { id: entry.identity, via: 'mcp', onBehalfOf: entry.person };
}
