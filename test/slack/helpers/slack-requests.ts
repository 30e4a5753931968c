import { createHmac, randomBytes } from 'node:crypto';

export const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';

/** Signs exactly as Slack does: v0= HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function signatureHeaders(
  body: string,
  opts: { secret?: string; timestamp?: number } = {},
): Record<string, string> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', opts.secret ?? SIGNING_SECRET)
    .update(`v0:${ts}:${body}`)
    .digest('hex');
  return { 'X-Slack-Signature': `v0=${sig}`, 'X-Slack-Request-Timestamp': String(ts) };
}

export interface SlackPost {
  status: number;
  text: string;
  ms: number;
}

/** POSTs a form-encoded body to /slack/events, signed (or as given), like Slack's servers do. */
export async function postToSlackEndpoint(
  baseUrl: string,
  body: string,
  opts: { secret?: string; timestamp?: number; retryNum?: number; headers?: Record<string, string> } = {},
): Promise<SlackPost> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...signatureHeaders(body, opts),
      ...(opts.retryNum ? { 'X-Slack-Retry-Num': String(opts.retryNum), 'X-Slack-Retry-Reason': 'http_timeout' } : {}),
      ...opts.headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

const trigger = () => `${Date.now()}.${randomBytes(6).toString('hex')}`;

/** A slash command body as Slack sends it (application/x-www-form-urlencoded). */
export function slashCommand(f: { user: string; text: string; channel?: string; responseUrl: string }): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T_TEST',
    team_domain: 'test',
    channel_id: f.channel ?? 'C_OPS',
    channel_name: 'ops',
    user_id: f.user,
    user_name: f.user.toLowerCase(),
    command: '/blockops',
    text: f.text,
    api_app_id: 'A_BLOCKOPS',
    is_enterprise_install: 'false',
    response_url: f.responseUrl,
    trigger_id: trigger(),
  }).toString();
}

/** A block_actions payload: a button click on a message. */
export function buttonClick(f: {
  user: string;
  actionId: string;
  value: string;
  channel: string;
  messageTs: string;
}): string {
  const payload = {
    type: 'block_actions',
    team: { id: 'T_TEST', domain: 'test' },
    user: { id: f.user, username: f.user.toLowerCase(), name: f.user.toLowerCase(), team_id: 'T_TEST' },
    api_app_id: 'A_BLOCKOPS',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: f.messageTs, channel_id: f.channel, is_ephemeral: false },
    trigger_id: trigger(),
    channel: { id: f.channel, name: 'approvals' },
    message: { ts: f.messageTs, type: 'message', text: 'Approval needed' },
    response_url: 'https://hooks.slack.invalid/actions/unused',
    actions: [
      {
        type: 'button',
        action_id: f.actionId,
        block_id: 'approval',
        value: f.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A view_submission payload for a modal with the given state values. */
export function viewSubmission(f: {
  user: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, Record<string, unknown>>;
}): string {
  const payload = {
    type: 'view_submission',
    team: { id: 'T_TEST', domain: 'test' },
    user: { id: f.user, username: f.user.toLowerCase(), name: f.user.toLowerCase(), team_id: 'T_TEST' },
    api_app_id: 'A_BLOCKOPS',
    token: 'deprecated-verification-token',
    trigger_id: trigger(),
    view: {
      id: 'V_TEST',
      team_id: 'T_TEST',
      type: 'modal',
      callback_id: f.callbackId,
      private_metadata: f.privateMetadata,
      state: { values: f.values },
      hash: 'h',
      title: { type: 'plain_text', text: 't' },
      blocks: [],
      app_id: 'A_BLOCKOPS',
      bot_id: 'B_BOT',
    },
    response_urls: [],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A block_suggestion (options request) payload for an external select. */
export function optionsRequest(f: { user: string; actionId: string; value: string }): string {
  const payload = {
    type: 'block_suggestion',
    user: { id: f.user, username: f.user.toLowerCase(), name: f.user.toLowerCase(), team_id: 'T_TEST' },
    team: { id: 'T_TEST', domain: 'test' },
    api_app_id: 'A_BLOCKOPS',
    token: 'deprecated-verification-token',
    action_id: f.actionId,
    block_id: f.actionId,
    value: f.value,
    view: { id: 'V_TEST', type: 'modal', callback_id: 'blockops_launch', private_metadata: '{}' },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
