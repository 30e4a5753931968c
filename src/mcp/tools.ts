import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type AnyOperation, annotationsFor, mayNeedApproval } from '../core/engine/operation.js';
import { isRefusal } from '../core/errors/codes.js';
import { toOpsError } from '../core/errors/to-ops-error.js';
import { log } from '../log.js';
import { runWrite } from './approval-wait.js';
import { type Extra, progressFor } from './progress.js';
import type { McpSession, Outcome } from './session.js';
import { errorResult, outputResult } from './tool-result.js';
import { approvalNote, toolInputSchema, toolOutputSchema } from './tool-schemas.js';

/**
 * One MCP tool per operation the actor may call, generated from the registry: no tool is written by hand.
 * Read-only sessions get only the operations whose effect is `read`.
 */
export function registerTools(s: McpSession): string[] {
  const ops = s.app.gateway.operationsFor(s.actor, { readOnly: s.readOnly });
  for (const op of ops) {
    s.server.registerTool(
      op.name,
      {
        title: op.title,
        description: op.description + approvalNote(op),
        inputSchema: toolInputSchema(op),
        outputSchema: toolOutputSchema(op),
        annotations: annotationsFor(op),
      },
      (args: Record<string, unknown>, extra: Extra) => callTool(s, op, args, extra),
    );
  }
  return ops.map((op) => op.name);
}

async function callTool(
  s: McpSession,
  op: AnyOperation,
  args: Record<string, unknown>,
  extra: Extra,
): Promise<CallToolResult> {
  const started = process.hrtime.bigint();
  let result: CallToolResult;
  let outcome: Outcome = 'succeeded';
  try {
    if (mayNeedApproval(op)) {
      const { wait_seconds, ...input } = args;
      result = await runWrite(s, op, input, typeof wait_seconds === 'number' ? wait_seconds : 0, extra);
      if (result.structuredContent?.['status'] === 'pending_approval') outcome = 'pending_approval';
    } else {
      const r = await s.app.gateway.run(op.name, args, s.actor, {
        onProgress: progressFor(extra).report,
        signal: extra.signal,
      });
      // Only writes that may need approval can be pending.
      if (r.status !== 'succeeded') throw new Error(`${op.name} answered ${r.status}`);
      result = outputResult(op, r.output);
    }
  } catch (e) {
    const err = toOpsError(e);
    outcome = isRefusal(err.code) ? 'refused' : 'failed';
    // The assistant gets the message only; operators get the stack on stderr.
    if (err.code === 'INTERNAL')
      log.error({ err: e, tool: op.name, actor: s.actor.id }, 'MCP tool failed unexpectedly');
    result = errorResult(op.name, err);
  }
  s.observe?.(op.name, outcome, Number(process.hrtime.bigint() - started) / 1e9);
  return result;
}
