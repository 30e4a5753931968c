import { isRefusal } from '../core/errors/codes.js';
import { toOpsError } from '../core/errors/to-ops-error.js';
import { log } from '../log.js';
import type { Mount } from '../server/mount.js';
import { Announcer } from './approvals/announcer.js';
import { ApprovalMessages } from './approvals/approval-messages.js';
import { createBoltApp, EVENTS_PATH } from './bolt-app.js';
import { DeliveryUndecided, RepeatDelivery } from './dedupe-retries.js';
import { SlackDoor } from './door.js';
import { IncidentMessages } from './incident-messages.js';
import { registerListeners } from './listeners/index.js';
import { slackRequestGuard } from './request-guard.js';
import { slackDoorSettings } from './settings.js';
import { tellNotRun } from './tell-not-run.js';
import { usergroupResolver } from './usergroups.js';

/**
 * The Slack front door inside `blockops serve`: undefined when Slack is not configured (no SLACK_BOT_TOKEN with
 * SLACK_SIGNING_SECRET or SLACK_APP_TOKEN). Registers the listeners, the user group resolver for the policy, and
 * the announcer that posts approval requests to BLOCKOPS_APPROVALS_CHANNEL.
 */
export const mountSlack: Mount = async (web, ctx) => {
  const settings = slackDoorSettings(ctx.app.config.slack, log);
  if (!settings) return undefined;
  // Before Bolt's receiver, which mounts its router on `web` when it is made.
  if (settings.mode === 'http')
    web.post(EVENTS_PATH, ...slackRequestGuard(settings.signingSecret as string, ctx.refusals));
  const bolt = await createBoltApp(settings, web, ctx.app.services.slackDeliveries);
  const door = new SlackDoor(ctx.app, ctx.metrics, bolt.client, settings);
  ctx.app.services.policy.setUsergroupResolver(usergroupResolver(bolt.client));
  const messages = new ApprovalMessages(door);
  const announcer = new Announcer(door, messages);
  registerListeners(bolt, door, messages);
  // Every listener error ends here (listeners have already told the user, except of a delivery the store could not
  // decide): refusals are routine, the rest is not.
  bolt.error(async (error) => {
    const original = (error as { original?: unknown }).original ?? error;
    if (original instanceof RepeatDelivery) {
      log.info({ retryNum: original.retryNum, retryReason: original.retryReason }, 'slack retry acked and ignored');
      return;
    }
    if (original instanceof DeliveryUndecided) {
      // Acked before the store answered, so no listener told the person: this is the only place that can.
      log.error({ err: original.cause }, 'slack request acked but not run: the store did not answer the repeat check');
      await tellNotRun(bolt.client, original).catch((e: unknown) =>
        log.error({ err: e }, 'could not tell the person their Slack request was not run'),
      );
      return;
    }
    const err = toOpsError(original);
    if (isRefusal(err.code)) log.info({ code: err.code, msg: err.message }, 'slack request refused');
    else log.error({ err: original, code: err.code }, 'slack request failed');
  });
  announcer.start();
  const incidents =
    ctx.watcher && settings.oncallChannel ? new IncidentMessages(door, ctx.watcher, settings.oncallChannel) : undefined;
  incidents?.start();
  if (settings.mode === 'socket') {
    // Not awaited: a Slack outage must not keep blockops serve (MCP, health) from starting; the client reconnects.
    bolt.start().then(
      () => log.info('slack socket mode connected'),
      (e: unknown) => log.error({ err: e }, 'slack socket mode could not connect; check SLACK_APP_TOKEN (xapp-…)'),
    );
  }
  log.info({ mode: settings.mode, path: settings.mode === 'http' ? EVENTS_PATH : undefined }, 'slack app mounted');
  return {
    async close() {
      announcer.stop();
      await incidents?.stop();
      if (settings.mode === 'socket') await bolt.stop().catch(() => {});
    },
  };
};
