import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** What a client may send before the server has its tools: the handshake, answered at once. */
const AT_ONCE = new Set(['initialize', 'notifications/initialized', 'ping']);
/** JSON-RPC's "Internal error". */
const INTERNAL_ERROR = -32603;
const LIST_CHANGED = /^notifications\/(tools|prompts|resources)\/list_changed$/;

/**
 * A transport that answers the handshake at once and holds every other message until release(): `blockops mcp`
 * answers initialize while the app and its tools load, and a tools/list sent meanwhile waits for them rather than
 * finding none. The list_changed notifications that registering sends before release are dropped: the client has
 * listed nothing yet, so they carry no news.
 */
export class HeldTransport implements Transport {
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: Transport['onmessage'];
  private held: Parameters<NonNullable<Transport['onmessage']>>[] | undefined = [];

  constructor(private readonly inner: Transport) {}

  start(): Promise<void> {
    this.inner.onclose = () => this.onclose?.();
    this.inner.onerror = (e) => this.onerror?.(e);
    this.inner.onmessage = (message, extra) => {
      if (this.held && !('method' in message && AT_ONCE.has(message.method))) this.held.push([message, extra]);
      else this.onmessage?.(message, extra);
    };
    return this.inner.start();
  }

  /** The server is complete: deliver what was held, in order, and everything after as it comes. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const args of held) this.onmessage?.(...args);
  }

  /**
   * The server will not be complete (its app could not open): every held request gets this error, so the client
   * sees why rather than a request that never ends; nothing is held from then on.
   */
  async fail(reason: string): Promise<void> {
    const held = this.held ?? [];
    this.held = undefined;
    for (const [message] of held) {
      if (!('id' in message) || !('method' in message)) continue;
      await this.inner.send({ jsonrpc: '2.0', id: message.id, error: { code: INTERNAL_ERROR, message: reason } });
    }
  }

  send(message: JSONRPCMessage, options?: Parameters<Transport['send']>[1]): Promise<void> {
    if (this.held && 'method' in message && LIST_CHANGED.test(message.method)) return Promise.resolve();
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
