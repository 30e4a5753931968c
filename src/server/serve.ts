import { createServer } from 'node:http';
import express from 'express';
import type { App } from '../app/app.js';
import { runnerId } from '../app/chores.js';
import { OncallWatcher, watchIntervalMs } from '../app/oncall-watcher.js';
import { log } from '../log.js';
import { startBackground } from './background.js';
import { allowedHostsFor, allowedOriginsFor } from './host-allowlist.js';
import { TokenFile } from './identities.js';
import { hostOnly, jsonErrors } from './json-errors.js';
import { listen } from './listen.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { Mount, MountContext, Mounted } from './mount.js';
import { readiness } from './readiness.js';
import { RefusalAudit } from './refusal-audit.js';
import { Refusals } from './refusals.js';
import { registerWatchMetrics } from './watch-metrics.js';

export interface RunningServer {
  url: string;
  metrics: Metrics;
  close(): Promise<void>;
}

/**
 * `blockops serve`: one process for production. The front doors it is handed (MCP over Streamable HTTP at /mcp,
 * the Slack app at /slack/events when configured), /healthz, /readyz, /metrics, and the background job runner.
 */
export async function serve(app: App, opts: { host: string; port: number; mounts: Mount[] }): Promise<RunningServer> {
  const web = express();
  web.disable('x-powered-by');
  const metrics = createMetrics();
  const interval = watchIntervalMs();
  const watcher = interval
    ? new OncallWatcher({
        store: app.services.store,
        cloud: () => app.cloud(),
        intervalMs: interval,
        owner: runnerId(),
      })
    : undefined;
  if (watcher) registerWatchMetrics(metrics, watcher);
  let hosts: string[] = []; // known once the server listens (port 0 picks one)
  web.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  web.get(
    '/readyz',
    hostOnly(() => hosts),
    async (_req, res) => {
      const r = await readiness(app);
      res.status(r.ready ? 200 : 503).json(r);
    },
  );
  web.get(
    '/metrics',
    hostOnly(() => hosts),
    async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  );

  const server = createServer(web);
  await listen(server, opts.host, opts.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  hosts = allowedHostsFor(app.config.server, url);
  const tokens = app.config.mcpTokensFile ? new TokenFile(app.config.mcpTokensFile) : undefined;
  const refusals = new Refusals(metrics, new RefusalAudit(app.services.store.audit));
  const ctx: MountContext = {
    app,
    metrics,
    url,
    allowedHosts: hosts,
    allowedOrigins: allowedOriginsFor(app.config.server, hosts),
    refusals,
    tokens,
    watcher,
  };
  const mounted: (Mounted | undefined)[] = [];
  try {
    for (const mount of opts.mounts) mounted.push(await mount(web, ctx));
  } catch (e) {
    // A door that cannot start (e.g. a broken tokens file) stops serve: nothing may keep listening half-mounted.
    for (const m of mounted) await m?.close();
    server.close();
    throw e;
  }
  // Express answers 404 for anything no front door took.
  web.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  web.use(jsonErrors);
  const stopBackground = startBackground(app);
  watcher?.start();
  log.info({ url }, 'blockops serve listening');
  return {
    url,
    metrics,
    async close() {
      await watcher?.stop();
      await stopBackground();
      for (const m of mounted) await m?.close();
      await refusals.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
