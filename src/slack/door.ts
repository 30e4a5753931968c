import type { webApi } from '@slack/bolt';
import type { App } from '../app/app.js';
import type { GatewayResult, RunOptions } from '../core/engine/gateway.js';
import { isRefusal } from '../core/errors/codes.js';
import { toOpsError } from '../core/errors/to-ops-error.js';
import type { Actor } from '../core/people/actor.js';
import type { Metrics } from '../server/metrics.js';
import type { SlackMessage } from './render/blocks.js';
import type { SlackDoorSettings } from './settings.js';

/**
 * What every Slack listener shares: the blockops app, the Web API client and settings. Listeners stay thin and
 * call into here and the flows.
 */
export class SlackDoor {
  constructor(
    readonly app: App,
    readonly metrics: Metrics,
    readonly client: webApi.WebClient,
    readonly settings: SlackDoorSettings,
  ) {}

  /** The actor a Slack user is: their user id, via slack, with their team. */
  actor(userId: string, teamId?: string, name?: string): Actor {
    return { id: userId, via: 'slack', team: teamId, displayName: name };
  }

  /** An operation's title for people, or its name when this process does not know it. */
  titleOf(opName: string): string {
    return this.app.services.registry.find(opName)?.title ?? opName;
  }

  /** gateway.run with this door's metrics. */
  async run(opName: string, input: unknown, actor: Actor, opts: RunOptions = {}): Promise<GatewayResult> {
    const end = this.metrics.duration.startTimer({ operation: opName, via: 'slack' });
    try {
      const result = await this.app.gateway.run(opName, input, actor, opts);
      this.metrics.operations.inc({ operation: opName, via: 'slack', outcome: result.status });
      return result;
    } catch (e) {
      const code = toOpsError(e).code;
      this.metrics.operations.inc({
        operation: opName,
        via: 'slack',
        outcome: isRefusal(code) ? 'refused' : 'failed',
      });
      throw e;
    } finally {
      end();
    }
  }

  async ephemeral(channel: string | undefined, user: string, m: SlackMessage): Promise<void> {
    if (!channel) return this.dm(user, m);
    await this.client.chat.postEphemeral({ channel, user, text: m.text, blocks: m.blocks });
  }

  /** A direct message from the app (posting to a user id opens the app's DM with them). */
  async dm(user: string, m: SlackMessage): Promise<void> {
    await this.client.chat.postMessage({ channel: user, text: m.text, blocks: m.blocks, unfurl_links: false });
  }
}
