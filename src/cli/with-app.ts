import type { App } from '../app/app.js';
import type { BlockopsConfig } from '../config/index.js';
import type { AnyOperation } from '../core/engine/operation.js';
import { configFlagsOf } from './global-options.js';
import { printError } from './output.js';

export interface WithAppOptions {
  /** The configuration, when the caller has loaded it already. */
  config?: BlockopsConfig | undefined;
  /** The operations the command runs (default: none); the others load if an approved request of one needs running. */
  operations?: readonly AnyOperation[] | undefined;
  /** A command that works on the database itself, never through BLOCKOPS_URL (see local-database-only.ts). */
  localDatabaseOnly?: string | undefined;
}

/**
 * Loads the configuration (flags override env and files) unless given it, builds the app, runs fn, and always
 * closes it.
 */
export async function withApp(
  flags: Record<string, unknown>,
  fn: (app: App) => Promise<number>,
  opts: WithAppOptions = {},
): Promise<number> {
  let app: App | undefined;
  try {
    // Loaded when a command runs, not at start-up: `--help` and the verbs that do not need the app never pay for it.
    const [{ loadConfig }, { createApp }, { runChores, STALE_AFTER_MS }] = await Promise.all([
      import('../config/index.js'),
      import('../app/app.js'),
      import('../app/chores.js'),
    ]);
    const config = opts.config ?? (await loadConfig({ flags: stringFlags(flags) }));
    if (opts.localDatabaseOnly) {
      const { checkLocalDatabase } = await import('./local-database-only.js');
      const { notice } = checkLocalDatabase(opts.localDatabaseOnly, config);
      if (notice) process.stderr.write(`${notice}\n`);
    }
    app = await createApp(config, { operations: opts.operations ?? [] });
    // No `blockops serve` may share this store: expire what is due, fail jobs whose process died, and run approved
    // requests nobody took up (their approver's process died before it could), here too.
    const orphans: Promise<unknown>[] = [];
    const services = app.services;
    await runChores(app, {
      orphanedAfterMs: STALE_AFTER_MS,
      run: (row) => {
        process.stderr.write(`blockops: running approved request ${row.id} (${row.operation}), which nothing ran\n`);
        const run = services.registry.find(row.operation)
          ? services.desk.runClaimed(row)
          : import('../core/operations.js').then(({ allOperations }) => {
              services.registry.add(allOperations);
              return services.desk.runClaimed(row);
            });
        orphans.push(run.catch((e: unknown) => printError(e, false)));
      },
    });
    const code = await fn(app);
    await Promise.all(orphans);
    return code;
  } catch (e) {
    return printError(e, false);
  } finally {
    await app?.close();
  }
}

/** Global options that are configuration settings (commander's camelCase → the config's flag names). */
const CONFIG_FLAGS: Record<string, string> = { osCloud: 'os-cloud', config: 'config', port: 'port', host: 'host' };

export function stringFlags(flags: Record<string, unknown>): Record<string, string | boolean | undefined> {
  const out: Record<string, string | boolean | undefined> = configFlagsOf(flags);
  for (const [camel, name] of Object.entries(CONFIG_FLAGS)) {
    const v = flags[camel];
    if (typeof v === 'string' || typeof v === 'boolean') out[name] = v;
    else if (typeof v === 'number') out[name] = String(v);
  }
  return out;
}
