import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { OpsError } from '../core/errors/ops-error.js';
import type { GatewayResult } from '../core/engine/gateway.js';
import type { AnyOperation } from '../core/engine/operation.js';
import type { RequestView } from '../core/engine/request-view.js';
import { askToConfirm, canElicit } from './elicitation.js';
import { type Extra, type ProgressSink, progressFor } from './progress.js';
import type { McpSession } from './session.js';
import { pendingResult, succeededResult } from './tool-result.js';

/**
 * A write that may need approval. The gateway opens the request; then either it runs at once (no approval
 * needed), the person at the client confirms it (elicitation, only where policy allows self-confirmation),
 * the tool waits up to wait_seconds for an approver (sending progress), or it answers pending_approval at once.
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
    const selfConfirm =
      s.app.services.policy.approvalFor(op.name)?.allow_self_confirmation === true && canElicit(s.server);
    const result = await s.app.gateway.run(op.name, input, s.actor, {
      onProgress: progress.report,
      waitSeconds: selfConfirm ? 0 : waitSeconds,
      signal: extra.signal,
    });
    if (result.status === 'succeeded') return succeededResult(op, result.output, result.request_id);
    if (!selfConfirm) return pendingResult(op, result.request);
    return await confirmOrWait(s, op, result.request, waitSeconds, progress, extra);
  } finally {
    stopKeepAlive();
  }
}

async function confirmOrWait(
  s: McpSession,
  op: AnyOperation,
  request: RequestView,
  waitSeconds: number,
  progress: ProgressSink,
  extra: Extra,
): Promise<CallToolResult> {
  const { approvals, jobs } = s.app.services;
  progress.report({ message: `Asking the person at the client to confirm request ${request.request_id}` });
  const answer = await askToConfirm(s.server, request, extra);
  if (answer === 'accept') {
    await approvals.confirmOwn(request.request_id, s.actor);
    return toToolResult(op, await s.app.gateway.resultOf(await jobs.execute(request.request_id, progress.report)));
  }
  if (answer === 'decline') {
    await approvals.cancel(request.request_id, s.actor, 'declined by the person in the MCP client');
    throw new OpsError(
      'APPROVAL.DECLINED',
      `The person declined; request ${request.request_id} is cancelled and nothing was done.`,
      { details: { request_id: request.request_id } },
    );
  }
  if (waitSeconds <= 0) return pendingResult(op, request);
  progress.report({ message: `Waiting for approval of ${request.request_id} by the ${request.approver_group} group` });
  const result = await s.app.gateway.follow(request.request_id, {
    waitMs: waitSeconds * 1000,
    onProgress: progress.report,
    signal: extra.signal,
  });
  return toToolResult(op, result);
}

function toToolResult(op: AnyOperation, result: GatewayResult): CallToolResult {
  return result.status === 'succeeded'
    ? succeededResult(op, result.output, result.request_id)
    : pendingResult(op, result.request);
}
