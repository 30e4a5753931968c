import type { z } from 'zod';
import { type AnyOperation, summaryOf } from '../../core/engine/operation.js';
import { allOperations, type OperationName } from '../../core/operations.js';
import { log } from '../../log.js';
import { renderAssess } from './assess.js';
import { renderAudit } from './audit.js';
import type { SlackMessage } from './blocks.js';
import { renderBoot } from './boot.js';
import { renderClone } from './clone.js';
import { renderFailover } from './failover.js';
import { renderGeneric } from './generic.js';
import { renderHealth } from './health.js';
import { renderImages } from './images.js';
import { renderIncidentInFull } from './incident.js';
import { renderLaunch } from './launch.js';
import { renderRequest, renderRequests } from './requests.js';
import { renderUpload } from './upload.js';
import { renderVerify } from './verify.js';

type OperationOf<N extends OperationName> = Extract<(typeof allOperations)[number], { name: N }>;
type OutputOf<N extends OperationName> = z.output<OperationOf<N>['output']>;

/** Each operation's own view, where it has one: the compiler holds every renderer to its operation's output. */
const RENDERERS: { [N in OperationName]?: (out: OutputOf<N>) => SlackMessage } = {
  list_images: renderImages,
  assess_images: renderAssess,
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
  get_incident: renderIncidentInFull,
};

const NAMES: ReadonlySet<string> = new Set(allOperations.map((op) => op.name));

function isOperationName(name: string): name is OperationName {
  return NAMES.has(name);
}

function renderOwn<N extends OperationName>(name: N, output: OutputOf<N>): SlackMessage | undefined {
  return RENDERERS[name]?.(output);
}

/** An operation's output as Block Kit: its own renderer when it has one and the output parses, else generic. */
export function renderResult(op: AnyOperation, output: unknown): SlackMessage {
  const parsed = op.output.safeParse(output);
  if (parsed.success && isOperationName(op.name)) {
    try {
      // The registry's operation of this name is the one in allOperations: its parsed output is that one's.
      const own = renderOwn(op.name, parsed.data as OutputOf<typeof op.name>);
      if (own) return own;
    } catch (e) {
      // A renderer that trips over an unexpected shape must not hide the result: log it, show the generic view.
      log.warn({ err: e, operation: op.name }, 'slack renderer failed; showing the generic view');
    }
  }
  return renderGeneric(op.title, summaryOf(op, output), output);
}
