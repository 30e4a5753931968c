import { z } from 'zod';
import { defineOperation } from '../engine/operation.js';

const EVENTS = [
  'requested',
  'approved',
  'self_confirmed_via_client',
  'denied',
  'expired',
  'cancelled',
  'refused',
  'started',
  'succeeded',
  'failed',
  'resumed',
  'key-rotated',
  'observed',
] as const;

const auditRecord = z.object({
  seq: z.number(),
  at: z.string(),
  event: z.string(),
  actor: z.string(),
  via: z.string(),
  operation: z.string(),
  request_id: z.string().optional(),
  resources: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  api_request_ids: z.array(z.string()),
  duration_ms: z.number().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  hash: z.string(),
});

export const queryAudit = defineOperation({
  name: 'query_audit',
  title: 'Query the audit log',
  description:
    'Searches the tamper-evident audit log, newest first: who asked for what, who approved, what OpenStack and ' +
    'Lightbits answered (request ids), and how it ended. Filter by actor, operation, resource id or request id, and time.',
  input: z.object({
    actor: z.string().optional(),
    operation: z.string().optional(),
    resource: z.string().optional().describe('An image, volume or server id, or a request id (req-…).'),
    event: z.enum(EVENTS).optional(),
    since: z.iso.datetime({ offset: true }).optional().describe('ISO-8601 time, e.g. 2026-11-24T10:00:00Z'),
    until: z.iso.datetime({ offset: true }).optional(),
    limit: z.number().int().min(1).max(1000).default(50),
  }),
  output: z.object({ records: z.array(auditRecord) }),
  effect: 'read',
  openWorld: false,
  summarize: (o) => `${o.records.length} audit record(s)`,
  async run(input, { desk }) {
    const entries = await desk.auditTrail(input);
    return {
      records: entries.map((e) => ({
        seq: e.seq,
        at: e.at,
        event: e.event,
        actor: e.actor.id,
        via: e.actor.via,
        operation: e.operation,
        request_id: e.requestId,
        resources: e.resources,
        api_request_ids: (e.apiRequests ?? []).map((r) => r.requestId).filter((id): id is string => Boolean(id)),
        duration_ms: e.durationMs,
        error: e.error,
        details: e.details,
        hash: e.hash,
      })),
    };
  },
});
