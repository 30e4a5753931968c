import type { Command } from 'commander';
import { type App, createApp } from '../app/app.js';
import { runnerId } from '../app/chores.js';
import { type IncidentNews, OncallWatcher, watchIntervalMs } from '../app/oncall-watcher.js';
import { loadConfig } from '../config/index.js';
import { OpsError } from '../core/errors/ops-error.js';
import { incidentLine } from '../core/oncall/incident-view.js';
import { describe } from '../core/oncall/transitions.js';
import { printError } from './output.js';

/** `blockops watch`'s run (loaded only when it runs): see watch-command.ts. */
export async function runWatch(opts: { interval?: string; json?: boolean }, cmd: Command): Promise<void> {
  const flags = cmd.optsWithGlobals() as Record<string, string | undefined>;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let app: App | undefined;
  let watcher: OncallWatcher | undefined;
  try {
    const interval = watchIntervalMs(
      opts.interval === undefined ? process.env : { BLOCKOPS_WATCH_INTERVAL: opts.interval },
    );
    if (interval === undefined)
      throw new OpsError('INPUT.INVALID', 'An interval of 0 turns the watcher off: give seconds, e.g. --interval 10.');
    const config = await loadConfig({ flags: { 'os-cloud': flags['osCloud'], config: flags['config'] } });
    app = await createApp(config);
    const services = app.services;
    const w = new OncallWatcher({
      store: services.store,
      cloud: () => (app as App).cloud(),
      intervalMs: interval,
      owner: runnerId(),
    });
    watcher = w;
    w.onCycle((c) => {
      const lines = describe(c.transitions);
      if (opts.json) {
        if (c.transitions.length) out(JSON.stringify({ at: c.fleet.at, transitions: lines }));
      } else for (const l of lines) out(`${c.fleet.at}  ${l}`);
      for (const e of c.fleet.errors) process.stderr.write(`${c.fleet.at}  ${e.source}: ${e.error.message}\n`);
    });
    w.onIncident((n: IncidentNews) => {
      if (opts.json) out(JSON.stringify({ change: n.change, incident: n.incident }));
      else out(`${n.incident.updated_at}  incident ${n.change}: ${incidentLine(n.incident)}`);
    });
    process.stderr.write(`blockops watch: polling every ${interval / 1000} s; Ctrl-C stops.\n`);
    w.start();
    // The watcher's timer does not hold the process open (serve's server does); here this does, until a signal.
    const alive = setInterval(() => {}, 60_000);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    clearInterval(alive);
  } catch (e) {
    process.exitCode = printError(e, false);
  } finally {
    await watcher?.stop();
    await app?.close();
  }
}
