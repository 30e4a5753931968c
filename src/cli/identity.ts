import { userInfo } from 'node:os';
import type { Actor } from '../core/people/actor.js';

/**
 * Who the CLI is when it runs on the database itself: the operating-system user running this process. Nothing the
 * caller sets in the environment changes it; to be someone else, one needs their token and `blockops serve`.
 */
export function localActor(): Actor {
  return { id: osUser(), via: 'cli' };
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (an arbitrary uid in a container): the uid, never $USER, which anyone can set.
    return `uid-${process.getuid?.() ?? 'unknown'}`;
  }
}

/** BLOCKOPS_ACTOR used to name the CLI's actor; it is ignored now, and the user is told why (once per command). */
export function actorNotice(env: NodeJS.ProcessEnv, mode: 'local' | 'remote', actor?: Actor): string | undefined {
  const claimed = env['BLOCKOPS_ACTOR'];
  if (!claimed) return undefined;
  return mode === 'remote'
    ? `blockops: BLOCKOPS_ACTOR is ignored: through blockops serve you are who your token (BLOCKOPS_TOKEN) says.`
    : `blockops: BLOCKOPS_ACTOR is ignored: the CLI acts as the operating-system user running it (${actor?.id}), so ` +
        'no one can act under another name. To act as yourself on a shared blockops, set BLOCKOPS_URL and your ' +
        'BLOCKOPS_TOKEN.';
}
