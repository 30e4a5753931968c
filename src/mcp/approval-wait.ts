import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { OpsError } from '../core/errors.js';
import type { AnyOperation } from '../core/operation.js';
import { type RequestView, requestView } from '../core/request-view.js';
import type { Services } from '../core/services.js';
import type { RequestRow } from '../core/store/types.js';
import { waitForRequest } from '../core/wait-request.js';
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
  const stopKeepAlive = waitSeconds > 0 ? progress.keepAlive() : () => {};
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
  const answer = await askToConfirm(s.server, request, extra);
  if (answer === 'accept') {
    await approvals.confirmOwn(request.request_id, s.actor);
    return outcome(s.app.services, op, await jobs.execute(request.request_id, progress.report));
  }
  if (answer === 'decline') {
    await approvals.cancel(request.request_id, s.actor, 'declined by the person in the MCP client');
    throw new OpsError(
      'APPROVAL.DECLINED',
      `The person declined; request ${request.request_id} is cancelled and nothing was done.`,
      {
        details: { request_id: request.request_id },
      },
    );
  }
  if (waitSeconds <= 0) return pendingResult(op, request);
  progress.report({ message: `Waiting for approval of ${request.request_id} by the ${request.approver_group} group` });
  const row = await follow(s.app.services, request.request_id, waitSeconds * 1000, progress, extra.signal);
  return outcome(s.app.services, op, row);
}

/** As the gateway does after opening a request: wait for a decision, run it if approved here, follow it if elsewhere. */
async function follow(services: Services, id: string, waitMs: number, progress: ProgressSink, signal: AbortSignal) {
  const decided = await waitForRequest(services, id, {
    timeoutMs: waitMs,
    until: (r) => r.state !== 'pending',
    signal,
  });
  if (decided.state === 'approved') return services.jobs.execute(id, progress.report);
  if (decided.state !== 'running') return decided;
  return waitForRequest(services, id, {
    timeoutMs: waitMs,
    until: (r) => r.state !== 'running',
    signal,
    onProgress: progress.report,
  });
}

async function outcome(services: Services, op: AnyOperation, row: RequestRow): Promise<CallToolResult> {
  if (row.state === 'succeeded') return succeededResult(op, row.result, row.id);
  if (row.state === 'failed') {
    const err = row.error ?? { code: 'JOB.FAILED', message: 'The job failed.' };
    throw new OpsError(err.code, err.message, { details: { request_id: row.id, leftovers: row.leftovers ?? [] } });
  }
  if (row.state === 'denied' || row.state === 'expired' || row.state === 'cancelled') {
    const why = row.reason ? `: ${row.reason}` : '';
    throw new OpsError(`APPROVAL.${row.state.toUpperCase()}`, `Request ${row.id} was ${row.state}${why}.`, {
      details: { request_id: row.id },
    });
  }
  return pendingResult(op, await requestView(row, services.policy));
}
