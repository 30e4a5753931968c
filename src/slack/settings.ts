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

/**
 * Whether Slack is configured, and how. Undefined when it is not (Slack is optional); a half configuration
 * (a token without a signing secret, or the reverse) is logged with what is missing, then also left off.
 */
export function slackDoorSettings(s: SlackSettings, logger: Logger): SlackDoorSettings | undefined {
  const { botToken, signingSecret, appToken, apiUrl, approvalsChannel } = s;
  if (!botToken && !signingSecret && !appToken) return undefined;
  if (!botToken) {
    logger.warn('Slack is off: SLACK_BOT_TOKEN (xoxb-…) is not set, but other Slack settings are.');
    return undefined;
  }
  if (!appToken && !signingSecret) {
    logger.warn('Slack is off: set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode).');
    return undefined;
  }
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
