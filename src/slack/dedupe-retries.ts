import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { log } from '../log.js';
import { requestKey } from './dedupe.js';
import type { SlackDoor } from './door.js';

const INTERACTIONS = new Set(['block_actions', 'view_submission', 'shortcut', 'message_action']);

/**
 * Global middleware: a request whose body was already seen in the last ten minutes, by this process or another
 * replica on the same store, before a restart or after, is a Slack retry (X-Slack-Retry-Num) or a replay; it is
 * acked at once and goes no further, so no command or click runs twice. Options requests are reads and may repeat
 * legitimately, so they always pass.
 */
export function dedupeRetries(door: SlackDoor): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as { type?: string; command?: string };
    const dedupable = typeof body.command === 'string' || (body.type !== undefined && INTERACTIONS.has(body.type));
    if (!dedupable || (await door.app.services.slackDeliveries.firstTime(requestKey(body)))) {
      await args.next();
      return;
    }
    log.info(
      { retryNum: args.context.retryNum, retryReason: args.context.retryReason },
      'slack retry acked and ignored',
    );
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
  };
}
