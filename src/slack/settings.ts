import type { SlackSettings } from '../config/index.js';
import type { Logger } from '../log.js';

export interface SlackDoorSettings {
  /** http: Bolt's receiver on /slack/events; socket: Socket Mode (SLACK_APP_TOKEN), no public URL needed. */
  mode: 'http' | 'socket';
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  /** Base URL of the Web API, ending in a slash (Slack's by default). */
  apiUrl: string | undefined;
  approvalsChannel: string | undefined;
  oncallChannel: string | undefined;
  /** A user group id mentioned on I/O loss. */
  oncallMention: string | undefined;
}

/** Why Slack is off, in a few words; undefined when it is configured. */
export function slackOffBecause(s: SlackSettings): string | undefined {
  if (!s.botToken && !s.signingSecret && !s.appToken) {
    return 'SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode) is not set';
  }
  if (!s.botToken) return 'SLACK_BOT_TOKEN (xoxb-…) is not set, but other Slack settings are';
  if (!s.appToken && !s.signingSecret) return 'set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)';
  return undefined;
}

/**
 * Whether Slack is configured, and how. Undefined when it is not (Slack is optional); a half configuration
 * (a token without a signing secret, or the reverse) is logged with what is missing, then also left off.
 */
export function slackDoorSettings(s: SlackSettings, logger: Logger): SlackDoorSettings | undefined {
  const { botToken, signingSecret, appToken, apiUrl, approvalsChannel } = s;
  const off = slackOffBecause(s);
  if (off !== undefined) {
    if (botToken || signingSecret || appToken) logger.warn(`Slack is off: ${off}.`);
    return undefined;
  }
  if (!botToken) return undefined;
  if (!approvalsChannel) {
    logger.warn(
      'BLOCKOPS_APPROVALS_CHANNEL is not set: approval requests are not posted to Slack; approvers use /blockops approve.',
    );
  }
  return {
    mode: appToken ? 'socket' : 'http',
    botToken,
    signingSecret,
    appToken,
    apiUrl: apiUrl ? (apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`) : undefined,
    approvalsChannel,
    oncallChannel: s.oncallChannel,
    oncallMention: s.oncallMention,
  };
}
