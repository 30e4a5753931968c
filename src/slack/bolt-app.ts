import { App, type AppOptions, ExpressReceiver, type ReceiverEvent, webApi } from '@slack/bolt';
import type express from 'express';
import type { SlackDeliveries } from '../app/slack-deliveries.js';
import { log } from '../log.js';
import { AckFirst } from './ack-first.js';
import { boltLogger } from './bolt-logger.js';
import { gateRepeats } from './dedupe-retries.js';
import type { SlackDoorSettings } from './settings.js';

export const EVENTS_PATH = '/slack/events';

/** Who the bot is, asked once (auth.test), so Bolt does not ask on every request. */
async function whoAmI(settings: SlackDoorSettings, clientOptions: webApi.WebClientOptions) {
  try {
    const res = await new webApi.WebClient(settings.botToken, {
      ...clientOptions,
      retryConfig: { retries: 0 },
    }).auth.test();
    return res.bot_id && res.user_id ? { botId: res.bot_id, botUserId: res.user_id } : undefined;
  } catch (e) {
    log.error(
      { err: e },
      'Slack auth.test failed: check SLACK_BOT_TOKEN (xoxb-…) and SLACK_API_URL. Slack requests will retry it.',
    );
    return undefined;
  }
}

/**
 * Bolt's app, with every delivery on its way in, whichever receiver brought it, passed through gateRepeats: its
 * work, and the store's decision whether it is a repeat, wait until the burst it came in is acked (AckFirst).
 */
class GatedApp extends App {
  private readonly ackFirst = new AckFirst();

  constructor(
    options: AppOptions,
    private readonly deliveries: SlackDeliveries,
  ) {
    super(options);
  }

  override processEvent(event: ReceiverEvent): Promise<void> {
    this.ackFirst.arrived();
    return super.processEvent(gateRepeats(event, this.deliveries, () => this.ackFirst.beforeWork()));
  }
}

/**
 * The Bolt app. HTTP mode: Bolt's ExpressReceiver on our express app at /slack/events, signatures verified and
 * requests older than five minutes refused (Bolt does both); acks go out at once and the work goes on after
 * (processBeforeResponse: false, right for a long-running server). Socket Mode when an app token is set. Retries
 * and replays are acked and dropped (`deliveries`, see gateRepeats).
 */
export async function createBoltApp(
  settings: SlackDoorSettings,
  web: express.Express,
  deliveries: SlackDeliveries,
): Promise<App> {
  const logger = boltLogger(log);
  const clientOptions: webApi.WebClientOptions = {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    timeout: 15_000,
    retryConfig: { retries: 3, factor: 2, minTimeout: 500 },
  };
  const identity = await whoAmI(settings, clientOptions);
  const common = {
    token: settings.botToken,
    logger,
    clientOptions,
    convoStore: false as const,
    ...(identity ?? { tokenVerificationEnabled: false }),
  };
  if (settings.mode === 'socket') {
    return new GatedApp({ ...common, appToken: settings.appToken, socketMode: true }, deliveries);
  }
  const receiver = new ExpressReceiver({
    signingSecret: settings.signingSecret as string,
    app: web,
    endpoints: EVENTS_PATH,
    processBeforeResponse: false,
    logger,
  });
  return new GatedApp({ ...common, receiver }, deliveries);
}
