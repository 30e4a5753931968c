import { ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { isNotFound } from '../core/errors/codes.js';
import { OpsError } from '../core/errors/ops-error.js';
import { toOpsError } from '../core/errors/to-ops-error.js';
import type { McpSession } from './session.js';

const JSON_TYPE = 'application/json';

interface Source {
  op: string;
  input: (id: string) => Record<string, unknown>;
}

const FIXED: Array<
  { name: string; uri: string; title: string; description: string } & Omit<Source, 'input'> & {
      input: Record<string, unknown>;
    }
> = [
  {
    name: 'health',
    uri: 'blockops://health',
    title: 'Storage and cloud health',
    description: 'get_health: Lightbits cluster, Cinder, Nova and Glance, with a verdict.',
    op: 'get_health',
    input: {},
  },
  {
    name: 'pending-requests',
    uri: 'blockops://requests/pending',
    title: 'Requests waiting for approval',
    description: 'list_requests with status pending_approval.',
    op: 'list_requests',
    input: { status: 'pending_approval' },
  },
  {
    name: 'incidents',
    uri: 'blockops://incidents',
    title: 'On-call incidents',
    description: 'list_incidents: open and recent incidents (subscribe to hear when one opens, changes or resolves).',
    op: 'list_incidents',
    input: { status: 'all' },
  },
  {
    name: 'recent-audit',
    uri: 'blockops://audit/recent',
    title: 'Recent audit records',
    description: 'query_audit: the 50 newest audit records.',
    op: 'query_audit',
    input: { limit: 50 },
  },
];

const TEMPLATES: Array<{ name: string; uri: string; title: string; description: string } & Source> = [
  {
    name: 'image',
    uri: 'blockops://images/{id}',
    title: 'An image',
    description: 'get_image: an image by id or name, with its predicted clone path.',
    op: 'get_image',
    input: (id) => ({ image: id }),
  },
  {
    name: 'volume',
    uri: 'blockops://volumes/{id}',
    title: 'A volume',
    description: 'get_volume: a Cinder volume by id or name.',
    op: 'get_volume',
    input: (id) => ({ volume: id }),
  },
  {
    name: 'incident',
    uri: 'blockops://incidents/{id}',
    title: 'An on-call incident',
    description: 'get_incident: one incident with its blast radius and timeline (subscribable).',
    op: 'get_incident',
    input: (id) => ({ id }),
  },
  {
    name: 'server',
    uri: 'blockops://servers/{id}',
    title: 'A server and its storage',
    description: 'get_failover_status for a server: its volumes, replicas and serving node.',
    op: 'get_failover_status',
    input: (id) => ({ server: id }),
  },
];

/** Resources are reads through the gateway, like tools: same policy, same audit, same sanitizer. */
export function registerResources(s: McpSession): void {
  const allowed = new Set(s.app.gateway.operationsFor(s.actor, { readOnly: true }).map((op) => op.name));
  for (const r of FIXED.filter((f) => allowed.has(f.op))) {
    s.server.registerResource(
      r.name,
      r.uri,
      { title: r.title, description: r.description, mimeType: JSON_TYPE },
      (uri) => read(s, uri, r.op, r.input),
    );
  }
  for (const t of TEMPLATES.filter((f) => allowed.has(f.op))) {
    const template = new ResourceTemplate(t.uri, { list: undefined });
    s.server.registerResource(
      t.name,
      template,
      { title: t.title, description: t.description, mimeType: JSON_TYPE },
      (uri, vars) => {
        const id = decodeURIComponent(String(Array.isArray(vars['id']) ? vars['id'][0] : vars['id']));
        return read(s, uri, t.op, t.input(id));
      },
    );
  }
}

async function read(s: McpSession, uri: URL, op: string, input: Record<string, unknown>): Promise<ReadResourceResult> {
  try {
    const r = await s.app.gateway.run(op, input, s.actor);
    if (r.status !== 'succeeded') throw new OpsError('INTERNAL', `${op} did not answer at once.`);
    return { contents: [{ uri: uri.href, mimeType: JSON_TYPE, text: JSON.stringify(r.output, null, 2) }] };
  } catch (e) {
    const err = toOpsError(e);
    // -32002 is MCP's "resource not found".
    throw new McpError(
      isNotFound(err.code) || err.code === 'APPROVAL.NOT_FOUND' ? -32002 : ErrorCode.InternalError,
      `${err.code}: ${err.message}`,
    );
  }
}
