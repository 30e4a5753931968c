import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type Session, SessionTable } from '../../src/mcp/http-sessions.js';

const closed: string[] = [];
function session(identity: string, name: string, lastSeen: number, busy = 0): Session {
  const server = { close: async () => void closed.push(name) } as unknown as McpServer;
  return { transport: {} as StreamableHTTPServerTransport, server, identity, lastSeen, busy };
}

describe('MCP sessions per identity', () => {
  let table: SessionTable | undefined;
  afterEach(async () => {
    await table?.closeAll();
    closed.length = 0;
  });

  it('makes room by closing the least recently used idle session of that identity only', () => {
    table = new SessionTable(2, 60_000);
    table.add('a1', session('alice', 'a1', 2));
    table.add('a2', session('alice', 'a2', 1));
    table.add('b1', session('bob', 'b1', 0));
    const release = table.reserve('alice');
    expect(release).toBeDefined();
    expect(closed).toEqual(['a2']);
    expect(table.get('a2')).toBeUndefined();
    expect(table.get('b1')).toBeDefined();
  });

  it('refuses a new session when every session of the identity is busy, and counts sessions being opened', () => {
    table = new SessionTable(2, 60_000);
    table.add('a1', session('alice', 'a1', 1, 1));
    expect(table.reserve('alice')).toBeDefined(); // one open + this one = the cap
    expect(table.reserve('alice')).toBeUndefined(); // the busy one cannot be closed, the opening one is held
    expect(closed).toEqual([]);
  });

  it('closes sessions idle longer than the expiry, but not busy ones', async () => {
    table = new SessionTable(5, 1);
    table.add('idle', session('alice', 'idle', Date.now() - 10_000));
    table.add('busy', session('alice', 'busy', Date.now() - 10_000, 1));
    await new Promise((r) => setTimeout(r, 1200));
    expect(table.get('idle')).toBeUndefined();
    expect(table.get('busy')).toBeDefined();
  });
});
