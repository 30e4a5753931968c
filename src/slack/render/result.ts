import type { AnyOperation } from '../../core/engine/operation.js';
import { log } from '../../log.js';
import { renderAudit } from './audit.js';
import type { SlackMessage } from './blocks.js';
import { renderBoot } from './boot.js';
import { renderClone } from './clone.js';
import { renderFailover } from './failover.js';
import { renderGeneric } from './generic.js';
import { renderHealth } from './health.js';
import { renderImages } from './images.js';
import { renderLaunch } from './launch.js';
import { renderRequest, renderRequests } from './requests.js';
import { renderUpload } from './upload.js';
import { renderVerify } from './verify.js';

// biome-ignore lint/suspicious/noExplicitAny: each renderer takes its operation's parsed output.
const RENDERERS: Record<string, (out: any) => SlackMessage> = {
  list_images: renderImages,
  launch_server: renderLaunch,
  get_failover_status: renderFailover,
  verify_image: renderVerify,
  get_health: renderHealth,
  list_requests: renderRequests,
  get_request: renderRequest,
  approve_request: renderRequest,
  deny_request: renderRequest,
  cancel_request: renderRequest,
  query_audit: renderAudit,
  clone_image: renderClone,
  upload_image: renderUpload,
  boot_server: renderBoot,
};

/** An operation's output as Block Kit: its own renderer when it has one and the output parses, else generic. */
export function renderResult(op: AnyOperation, output: unknown): SlackMessage {
  const parsed = op.output.safeParse(output);
  const summary = parsed.success ? safeSummary(op, parsed.data) : 'done';
  const render = RENDERERS[op.name];
  if (render && parsed.success) {
    try {
      return render(parsed.data);
    } catch (e) {
      // A renderer that trips over an unexpected shape must not hide the result: log it, show the generic view.
      log.warn({ err: e, operation: op.name }, 'slack renderer failed; showing the generic view');
    }
  }
  return renderGeneric(op.title, summary, output);
}

export function safeSummary(op: AnyOperation, output: unknown): string {
  try {
    return op.summarize(output);
  } catch {
    return 'done';
  }
}
