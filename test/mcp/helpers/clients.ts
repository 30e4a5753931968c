import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { MAIN, ROOT } from '../../helpers/cli.js';

export interface Connected {
  client: Client;
  /** Everything the server wrote on stderr so far. */
  stderr(): string;
  /** Messages the client was asked to confirm (elicitation). */
  elicited: string[];
  close(): Promise<void>;
}

export interface ClientOptions {
  /** Advertise elicitation and answer every form with this action. */
  elicit?: 'accept' | 'decline' | 'cancel';
}

function newClient(opts: ClientOptions, elicited: string[]): Client {
  const client = new Client(
    { name: 'blockops-e2e', version: '1.0.0' },
    { capabilities: opts.elicit ? { elicitation: { form: {} } } : {} },
  );
  if (opts.elicit) {
    const action = opts.elicit;
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      elicited.push(req.params.message);
      return action === 'accept' ? { action, content: {} } : { action };
    });
  }
  return client;
}

/** `blockops mcp` as an assistant starts it: the real built CLI over stdio. */
export async function connectStdio(env: Record<string, string>, opts: ClientOptions = {}): Promise<Connected> {
  const elicited: string[] = [];
  const client = newClient(opts, elicited);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MAIN, 'mcp'],
    env,
    cwd: env['HOME'] ?? ROOT,
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  try {
    await client.connect(transport);
  } catch (e) {
    throw new Error(`blockops mcp did not start: ${(e as Error).message}\n${err}`);
  }
  return { client, stderr: () => err, elicited, close: () => client.close() };
}

export async function connectHttp(url: string, token: string, opts: ClientOptions = {}): Promise<Connected> {
  const elicited: string[] = [];
  const client = newClient(opts, elicited);
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return {
    client,
    stderr: () => '',
    elicited,
    async close() {
      await transport.terminateSession().catch(() => {});
      await client.close();
    },
  };
}

/** All text content of a tool result, joined. */
export function texts(result: unknown): string {
  const content = (result as { content?: Array<{ text?: string }> }).content ?? [];
  return content.map((c) => c.text ?? '').join('\n');
}
