import type { Server } from 'node:http';
import express from 'express';
import type { App } from '../app/app.js';
import { log } from '../log.js';
import { mountMcpHttp } from '../mcp/http.js';
import { mountSlack } from '../slack/mount.js';
import { startBackground } from './background.js';
import { createMetrics, type Metrics } from './metrics.js';
import { readiness } from './readiness.js';

export interface RunningServer {
  url: string;
  metrics: Metrics;
  close(): Promise<void>;
}

/** What a front door gets to mount itself on the one HTTP server. */
export interface MountContext {
  app: App;
  metrics: Metrics;
  /** The URL this server answers on, e.g. http://127.0.0.1:3000. */
  url: string;
}

export type Mount = (web: express.Express, ctx: MountContext) => Promise<{ close(): Promise<void> } | undefined>;

/**
 * `blockops serve`: one process for production. MCP over Streamable HTTP at /mcp, the Slack app at
 * /slack/events (when configured), /healthz, /readyz, /metrics, and the background job runner.
 */
export async function serve(app: App, opts: { host: string; port: number }): Promise<RunningServer> {
  const web = express();
  web.disable('x-powered-by');
  const metrics = createMetrics();
  web.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  web.get('/readyz', async (_req, res) => {
    const r = await readiness(app);
    res.status(r.ready ? 200 : 503).json(r);
  });
  web.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = web.listen(opts.port, opts.host, () => resolve(s)).once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  const ctx: MountContext = { app, metrics, url };
  const mounted = [await mountMcpHttp(web, ctx), await mountSlack(web, ctx)];
  // Express answers 404 for anything no front door took.
  web.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  const stopBackground = startBackground(app);
  log.info({ url }, 'blockops serve listening');
  return {
    url,
    metrics,
    async close() {
      await stopBackground();
      for (const m of mounted) await m?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
