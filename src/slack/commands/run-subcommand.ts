import { type AnyOperation, mayNeedApproval, summaryOf } from '../../core/engine/operation.js';
import { toOpsError } from '../../core/errors/to-ops-error.js';
import type { Actor } from '../../core/people/actor.js';
import { log } from '../../log.js';
import type { ApprovalMessages } from '../approvals/approval-messages.js';
import { approveFromSlack } from '../approvals/approve.js';
import { denyFromSlack } from '../approvals/deny.js';
import type { SlackDoor } from '../door.js';
import { renderError } from '../render/error.js';
import { renderPending } from '../render/notice.js';
import { renderFinished } from '../render/progress.js';
import { renderResult } from '../render/result.js';
import { StatusMessage } from '../status-message.js';
import type { Reply } from './reply.js';

export interface Where {
  channel: string | undefined;
  user: string;
}

/**
 * Runs one parsed command after the ack. Reads answer through the reply; approve/deny go through the approval
 * flows; writes either wait for approval (the requester is told where) or run now with a status message.
 * Errors are told to the user and rethrown so they reach app.error.
 */
export async function runSubcommand(
  door: SlackDoor,
  messages: ApprovalMessages,
  op: AnyOperation,
  input: Record<string, unknown>,
  actor: Actor,
  where: Where,
  reply: Reply,
): Promise<void> {
  if (op.name === 'approve_request') return approveFromSlack(door, messages, String(input['request_id']), actor, where);
  if (op.name === 'deny_request') {
    return denyFromSlack(door, messages, String(input['request_id']), String(input['reason'] ?? ''), actor, where);
  }
  if (!mayNeedApproval(op)) return runRead(door, op, input, actor, reply);
  return runWrite(door, op, input, actor, where, reply);
}

async function runRead(door: SlackDoor, op: AnyOperation, input: unknown, actor: Actor, reply: Reply): Promise<void> {
  try {
    const res = await door.run(op.name, input, actor);
    const m = renderResult(op, res.status === 'succeeded' ? res.output : res.request);
    // Cloud state is the team's business; blockops' own requests and audit answer only the asker.
    await (op.openWorld === false ? reply.ephemeral(m) : reply.inChannel(m));
  } catch (e) {
    await reply.ephemeral(renderError(e, op.title)).catch((t: unknown) => log.warn({ err: t }, 'slack reply failed'));
    throw e;
  }
}

async function runWrite(
  door: SlackDoor,
  op: AnyOperation,
  input: unknown,
  actor: Actor,
  where: Where,
  reply: Reply,
): Promise<void> {
  const status = new StatusMessage(door.client, { channel: where.channel ?? where.user }, op.title);
  try {
    const res = await door.run(op.name, input, actor, { onProgress: (p) => status.progress(p) });
    if (res.status === 'pending_approval') {
      await reply.ephemeral(renderPending(res.request, door.settings.approvalsChannel));
      return;
    }
    // The policy needed no approval, so it ran now.
    const summary = summaryOf(op, res.output);
    try {
      await status.finish(renderFinished(op.title, { ok: true, summary }), renderResult(op, res.output));
    } catch (e) {
      log.warn({ err: e }, 'posting the status message failed (is the app in the channel?); answering by response_url');
      await reply.inChannel(renderResult(op, res.output));
    }
  } catch (e) {
    if (status.started) {
      const err = toOpsError(e);
      await status
        .finish(renderFinished(op.title, { ok: false, error: `${err.code}: ${err.message}` }))
        .catch((t: unknown) => log.warn({ err: t }, 'slack status update failed'));
    }
    await reply.ephemeral(renderError(e, op.title)).catch((t: unknown) => log.warn({ err: t }, 'slack reply failed'));
    throw e;
  }
}
