import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { log } from '../log.js';

export interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  identity: string;
  lastSeen: number;
  /** POSTs and DELETEs in flight (a tool call waiting for an approval, say); a GET event stream does not count. */
  busy: number;
}

/**
 * The open MCP sessions of one server. Each identity may hold `perIdentity` of them: a new one closes that
 * identity's least recently used idle session, or is refused when all of them are busy. A session idle for
 * `idleMs` is closed. Every session holds a whole MCP server, so these bounds are what bound memory.
 */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  /** Sessions being opened, per identity: counted against the cap before they are in the table. */
  private readonly opening = new Map<string, number>();
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly perIdentity: number,
    private readonly idleMs: number,
  ) {
    this.sweep = setInterval(() => this.closeIdle(), Math.min(60_000, Math.max(1000, idleMs / 4)));
    this.sweep.unref();
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /**
   * Makes room for one more session of `identity` and holds the place until the returned release is called (when
   * the session is added, or its opening request ends without one): undefined when the identity is at its cap and
   * none of its sessions is idle.
   */
  reserve(identity: string): (() => void) | undefined {
    const mine = [...this.sessions].filter(([, s]) => s.identity === identity);
    let count = mine.length + (this.opening.get(identity) ?? 0);
    const idle = mine.filter(([, s]) => s.busy === 0).sort(([, a], [, b]) => a.lastSeen - b.lastSeen);
    while (count >= this.perIdentity) {
      const oldest = idle.shift();
      if (!oldest) return undefined;
      log.info({ identity }, `MCP session closed: ${identity} opened more than ${this.perIdentity} sessions`);
      void this.close(oldest[0], oldest[1]);
      count--;
    }
    this.opening.set(identity, (this.opening.get(identity) ?? 0) + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const n = (this.opening.get(identity) ?? 1) - 1;
      if (n > 0) this.opening.set(identity, n);
      else this.opening.delete(identity);
    };
  }

  add(id: string, session: Session): void {
    this.sessions.set(id, session);
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweep);
    await Promise.all([...this.sessions].map(([id, s]) => this.close(id, s)));
  }

  private closeIdle(): void {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (s.busy === 0 && now - s.lastSeen > this.idleMs) void this.close(id, s);
  }

  private async close(id: string, s: Session): Promise<void> {
    this.sessions.delete(id);
    await s.server.close().catch(() => {});
  }
}
