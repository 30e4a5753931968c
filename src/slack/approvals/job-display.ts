import type { GatewayResult } from '../../core/engine/gateway.js';
import { summaryOf } from '../../core/engine/operation.js';
import type { RequestView } from '../../core/engine/request-view.js';
import { OpsError } from '../../core/errors/ops-error.js';
import { toOpsError } from '../../core/errors/to-ops-error.js';
import { log } from '../../log.js';
import type { SlackDoor } from '../door.js';
import { renderError } from '../render/error.js';
import { renderFinished } from '../render/progress.js';
import { renderResult } from '../render/result.js';
import { StatusMessage } from '../status-message.js';
import type { ApprovalMessages } from './approval-messages.js';
import { hasEnded } from './ended.js';
import { tellRequester } from './tell-requester.js';

/** How long to follow one job before saying it is still running. */
const FOLLOW_MS = 12 * 60 * 60_000;

/**
 * Shows one approved request's job in Slack (through ApprovalMessages.showJob, once per request): the approval
 * message says who approved, the requester is told, one status message in the approval thread follows the
 * progress, and the result is posted in the thread when it ends. Progress comes one way, the gateway following the
 * request: at once from this process's runner, through the store for a job another process runs.
 */
export async function showJob(
  door: SlackDoor,
  messages: ApprovalMessages,
  id: string,
  fallbackChannel: string,
): Promise<void> {
  const { desk } = door.app.services;
  const start = await desk.get(id);
  const title = door.titleOf(start.operation);
  const ref = await messages.where(id);
  const where = ref ? { channel: ref.channel, threadTs: ref.ts } : { channel: fallbackChannel };
  const status = new StatusMessage(door.client, where, title);
  // A job that already ended (a fast one) is told once, with its outcome, below.
  if (!hasEnded(start)) await showStarted(door, messages, start);
  const answer = await settle(
    door.app.gateway.follow(id, { waitMs: FOLLOW_MS, onProgress: (p) => status.progress(p) }),
  );
  const end = await desk.get(id);
  // Failing to follow a request that goes on is not its outcome.
  if (answer instanceof OpsError && !hasEnded(end)) throw answer;
  const summary = await finish(door, status, title, end, answer);
  await messages.update(end);
  await tellRequester(door, messages, end, summary);
}

/** The approval message shows who approved, and the requester hears it is running. */
async function showStarted(door: SlackDoor, messages: ApprovalMessages, view: RequestView): Promise<void> {
  try {
    await messages.update(view);
    await tellRequester(door, messages, view);
  } catch (e) {
    log.warn({ err: e, request: view.request_id }, 'showing the approval in Slack failed');
  }
}

/** The gateway's answer for the request: its output, the OpsError it ended with, or still going. */
async function settle(following: Promise<GatewayResult>): Promise<GatewayResult | OpsError> {
  try {
    return await following;
  } catch (e) {
    return toOpsError(e);
  }
}

/** The status message's last state and the result in the thread; the one-line summary when it succeeded. */
async function finish(
  door: SlackDoor,
  status: StatusMessage,
  title: string,
  end: RequestView,
  answer: GatewayResult | OpsError,
): Promise<string | undefined> {
  if (answer instanceof OpsError) {
    const leftovers = end.leftovers?.length ? ` Left behind: ${JSON.stringify(end.leftovers)}` : '';
    const shown = new OpsError(answer.code, answer.message + leftovers, { details: { request_id: end.request_id } });
    await status.finish(
      renderFinished(title, { ok: false, error: `${answer.code}: ${answer.message}` }),
      renderError(shown),
    );
    return undefined;
  }
  if (answer.status !== 'succeeded') {
    const error = `still running after ${FOLLOW_MS / 3_600_000} hours; see get_request ${end.request_id}`;
    await status.finish(renderFinished(title, { ok: false, error }));
    return undefined;
  }
  const op = door.app.services.registry.find(end.operation);
  const summary = op ? summaryOf(op, answer.output) : 'done';
  await status.finish(renderFinished(title, { ok: true, summary }), op && renderResult(op, answer.output));
  return summary;
}
