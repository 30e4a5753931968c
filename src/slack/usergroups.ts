import type { webApi } from '@slack/bolt';
import { OpsError } from '../core/errors/ops-error.js';
import { log } from '../log.js';

/**
 * Slack user group → member ids with usergroups.users.list, cached briefly (default a minute) so a burst of
 * clicks makes one call. When Slack cannot be asked, the last known members are used if there are any.
 */
export function usergroupResolver(
  client: webApi.WebClient,
  opts: { ttlMs?: number; now?: () => number } = {},
): (usergroup: string) => Promise<string[]> {
  const ttlMs = opts.ttlMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { users: string[]; at: number }>();
  const inflight = new Map<string, Promise<string[]>>();

  const fetch = async (usergroup: string): Promise<string[]> => {
    try {
      const res = await client.usergroups.users.list({ usergroup });
      const users = res.users ?? [];
      cache.set(usergroup, { users, at: now() });
      return users;
    } catch (e) {
      const stale = cache.get(usergroup);
      if (stale) {
        log.warn({ err: e, usergroup }, 'usergroups.users.list failed; using the members known before');
        return stale.users;
      }
      throw new OpsError(
        'SLACK.USERGROUP_UNAVAILABLE',
        `Could not read the members of Slack user group ${usergroup} (usergroups.users.list). ` +
          'Check that the app has the usergroups:read scope and that the group id in the policy is right.',
        { cause: e },
      );
    }
  };

  return async (usergroup) => {
    const hit = cache.get(usergroup);
    if (hit && now() - hit.at < ttlMs) return hit.users;
    let p = inflight.get(usergroup);
    if (!p) {
      p = fetch(usergroup).finally(() => inflight.delete(usergroup));
      inflight.set(usergroup, p);
    }
    return p;
  };
}
