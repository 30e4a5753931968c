import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AnyOperation } from '../core/engine/operation.js';
import { askToConfirm, canElicit } from './elicitation.js';
import { type Extra, progressFor } from './progress.js';
import type { McpSession } from './session.js';
import { pendingResult, succeededResult } from './tool-result.js';

/**
 * A write that may need approval, through the gateway: it runs at once (no approval needed), or the person at the
 * client confirms it (elicitation, where the client can show a form; the gateway asks only where policy allows
 * self-confirmation), or the tool waits up to wait_seconds for an approver (sending progress), or it answers
 * pending_approval.
 */
export async function runWrite(
  s: McpSession,
  op: AnyOperation,
  input: Record<string, unknown>,
  waitSeconds: number,
  extra: Extra,
): Promise<CallToolResult> {
  const progress = progressFor(extra);
  const stopKeepAlive = progress.keepAlive();
  try {
    const result = await s.app.gateway.run(op.name, input, s.actor, {
      onProgress: progress.report,
      waitSeconds,
      signal: extra.signal,
      confirm: canElicit(s.server) ? (request) => askToConfirm(s.server, request, extra) : undefined,
    });
    return result.status === 'succeeded'
      ? succeededResult(op, result.output, result.request_id)
      : pendingResult(op, result.request);
  } finally {
    stopKeepAlive();
  }
}
