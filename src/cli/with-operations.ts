import type { BlockopsConfig } from '../config/index.js';
import type { AnyOperation } from '../core/engine/operation.js';
import { OpsError } from '../core/errors/ops-error.js';
import { actorNotice, localActor } from './identity.js';
import { printError } from './output.js';
import { type RunOperation, remoteRunner } from './remote.js';
import { stringFlags, withApp } from './with-app.js';

/**
 * Where an operation verb runs. With BLOCKOPS_URL: on that `blockops serve`, as the identity of BLOCKOPS_TOKEN.
 * Without: on the database itself, as the operating-system user (single-operator and demo set-ups).
 */
export async function withOperations(
  flags: Record<string, unknown>,
  fn: (run: RunOperation) => Promise<number>,
  operations: readonly AnyOperation[],
): Promise<number> {
  let config: BlockopsConfig;
  try {
    const { loadConfig } = await import('../config/index.js');
    config = await loadConfig({ flags: stringFlags(flags) });
  } catch (e) {
    return printError(e, false);
  }
  const say = (line: string | undefined) => line && process.stderr.write(`${line}\n`);
  const { url, token } = config.remote;
  if (url) {
    say(actorNotice(process.env, 'remote'));
    if (!token) {
      return printError(
        new OpsError(
          'CONFIG.INVALID',
          `BLOCKOPS_URL is set (${url}) but no token is: set BLOCKOPS_TOKEN (or BLOCKOPS_TOKEN_FILE / ` +
            'BLOCKOPS_TOKEN_COMMAND) to your own token for that blockops serve.',
        ),
        false,
      );
    }
    return fn(remoteRunner(url, token));
  }
  const actor = localActor();
  say(actorNotice(process.env, 'local', actor));
  if (token) say('blockops: BLOCKOPS_TOKEN is set but BLOCKOPS_URL is not: running on the database as the OS user.');
  return withApp(flags, (app) => fn((name, input, opts) => app.gateway.run(name, input, actor, opts)), {
    config,
    operations,
  });
}
