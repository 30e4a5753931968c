import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { HeldTransport } from '../../src/mcp/held-transport.js';

/** A transport over nothing: what the client "sent" is pushed in by hand, what the server sends is kept. */
function wire() {
  const sent: JSONRPCMessage[] = [];
  const inner: Transport = {
    start: async () => {},
    close: async () => {},
    send: async (m) => {
      sent.push(m);
    },
  };
  return { inner, sent, receive: (m: JSONRPCMessage) => inner.onmessage?.(m) };
}

const request = (id: number, method: string): JSONRPCMessage => ({ jsonrpc: '2.0', id, method });

describe('HeldTransport', () => {
  it('passes the handshake at once and holds the rest, in order, until released', async () => {
    const { inner, receive } = wire();
    const held = new HeldTransport(inner);
    const seen: string[] = [];
    held.onmessage = (m) => seen.push('method' in m ? m.method : 'response');
    await held.start();
    receive(request(1, 'initialize'));
    receive({ jsonrpc: '2.0', method: 'notifications/initialized' });
    receive(request(2, 'tools/list'));
    receive(request(3, 'ping'));
    receive(request(4, 'tools/call'));
    expect(seen).toEqual(['initialize', 'notifications/initialized', 'ping']);
    held.release();
    receive(request(5, 'prompts/list'));
    expect(seen).toEqual([
      'initialize',
      'notifications/initialized',
      'ping',
      'tools/list',
      'tools/call',
      'prompts/list',
    ]);
  });

  it('drops list_changed notifications sent before release, and sends everything else', async () => {
    const { inner, sent } = wire();
    const held = new HeldTransport(inner);
    await held.start();
    const changed: JSONRPCMessage = { jsonrpc: '2.0', method: 'notifications/tools/list_changed' };
    const answer: JSONRPCMessage = { jsonrpc: '2.0', id: 1, result: {} };
    await held.send(changed);
    await held.send(answer);
    held.release();
    await held.send(changed);
    expect(sent).toEqual([answer, changed]);
  });
});

describe('HeldTransport.fail', () => {
  it('answers every held request with the reason, skips held notifications, and holds nothing after', async () => {
    const { inner, sent, receive } = wire();
    const held = new HeldTransport(inner);
    const seen: string[] = [];
    held.onmessage = (m) => seen.push('method' in m ? m.method : 'response');
    await held.start();
    receive(request(1, 'initialize'));
    receive(request(2, 'tools/list'));
    receive({ jsonrpc: '2.0', method: 'notifications/roots/list_changed' });
    receive(request(3, 'tools/call'));
    await held.fail('blockops mcp could not start: bad setting');
    expect(sent).toEqual([
      { jsonrpc: '2.0', id: 2, error: { code: -32603, message: 'blockops mcp could not start: bad setting' } },
      { jsonrpc: '2.0', id: 3, error: { code: -32603, message: 'blockops mcp could not start: bad setting' } },
    ]);
    receive(request(4, 'ping'));
    expect(seen).toEqual(['initialize', 'ping']);
  });
});
