import {
  ErrorCode,
  McpError,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { OncallWatcher } from '../app/oncall-watcher.js';
import { log } from '../log.js';
import type { McpSession } from './session.js';

export const INCIDENTS_URI = 'blockops://incidents';
const ONE = /^blockops:\/\/incidents\/([A-Za-z0-9_-]{1,100})$/;

/**
 * resources/subscribe for the incidents: a client subscribed to blockops://incidents hears of every incident that
 * opens, changes or resolves; one subscribed to blockops://incidents/{id}, of that one. Every replica's watcher
 * reads the incidents back from the store, so a client is told whichever replica it is connected to.
 */
export function registerIncidentSubscriptions(s: McpSession, watcher: OncallWatcher): () => void {
  const subscribed = new Set<string>();
  const low = s.server.server;
  low.setRequestHandler(SubscribeRequestSchema, async (req) => {
    const uri = req.params.uri;
    if (uri !== INCIDENTS_URI && !ONE.test(uri)) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Only ${INCIDENTS_URI} and ${INCIDENTS_URI}/{id} can be subscribed to; ${JSON.stringify(uri.slice(0, 200))} cannot.`,
      );
    }
    subscribed.add(uri);
    return {};
  });
  low.setRequestHandler(UnsubscribeRequestSchema, async (req) => {
    subscribed.delete(req.params.uri);
    return {};
  });
  return watcher.onIncident((n) => {
    for (const uri of [INCIDENTS_URI, `${INCIDENTS_URI}/${n.incident.id}`]) {
      if (!subscribed.has(uri)) continue;
      low
        .sendResourceUpdated({ uri })
        .catch((e: unknown) => log.debug({ err: e, uri }, 'an MCP client could not be told of an incident'));
    }
  });
}
