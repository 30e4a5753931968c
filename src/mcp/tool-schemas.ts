import { z } from 'zod';
import { type AnyOperation, mayNeedApproval } from '../core/engine/operation.js';

export const waitSecondsSchema = z
  .number()
  .int()
  .min(0)
  .max(600)
  .default(0)
  .describe(
    'If a person must approve this first: how long to wait for the decision (and the run) before answering. ' +
      '0 (the default) answers at once with status pending_approval and a request_id to poll with get_request.',
  );

/** The tool's input: the operation's own, plus `wait_seconds` for writes that may need approval. */
export function toolInputSchema(op: AnyOperation): z.ZodObject {
  const input = asObject(op.input, op.name, 'input');
  return mayNeedApproval(op) ? input.extend({ wait_seconds: waitSecondsSchema }) : input;
}

/**
 * The tool's output. Reads (and request management) answer with the operation's output itself. Writes that may
 * need approval answer in one envelope that validates both outcomes — MCP outputSchema must be one object
 * schema, so the two cases are one object whose `status` tells them apart:
 *   { status: 'succeeded', request_id?, result: <operation output> }
 *   { status: 'pending_approval', request_id, approver_group, approvers, expires_at, preview }
 */
export function toolOutputSchema(op: AnyOperation): z.ZodObject {
  const output = asObject(op.output, op.name, 'output');
  if (!mayNeedApproval(op)) return output;
  return z.object({
    status: z
      .enum(['succeeded', 'pending_approval'])
      .describe('succeeded: `result` holds the output. pending_approval: a person must approve request_id first.'),
    request_id: z.string().optional().describe('The approval request / job id (req-…); poll it with get_request.'),
    result: output.optional().describe(`The output of ${op.name}, when status is succeeded.`),
    approver_group: z.string().nullable().optional().describe('Who must approve, when pending.'),
    approvers: z.array(z.string()).optional().describe('Members of the approver group, when pending.'),
    expires_at: z.string().optional().describe('When a pending request expires (ISO-8601).'),
    preview: z.string().optional().describe('What will happen once approved, as the approvers see it.'),
  });
}

/** Appended to write tools' descriptions: how they answer. */
export function approvalNote(op: AnyOperation): string {
  if (!mayNeedApproval(op)) return '';
  return (
    '\n\nPolicy may require a person to approve this first. Then it answers with status pending_approval and a ' +
    'request_id (poll get_request), or waits up to wait_seconds for the decision. On success the output is in `result`.'
  );
}

function asObject(schema: z.ZodType, name: string, which: string): z.ZodObject {
  if (schema instanceof z.ZodObject) return schema;
  throw new Error(`operation ${name}: its ${which} must be a zod object to become an MCP tool schema`);
}
