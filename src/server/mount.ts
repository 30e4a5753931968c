import type express from 'express';
import type { App } from '../app/app.js';
import type { OncallWatcher } from '../app/oncall-watcher.js';
import type { TokenFile } from './identities.js';
import type { Metrics } from './metrics.js';
import type { Refusals } from './refusals.js';

/** What a front door gets to mount itself on the one HTTP server. */
export interface MountContext {
  app: App;
  metrics: Metrics;
  /** The URL this server answers on, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Host and Origin values this server answers to (DNS-rebinding protection). */
  allowedHosts: string[];
  allowedOrigins: string[];
  /** Requests without a valid credential: counted, rate-limited per address and audited, aggregated. */
  refusals: Refusals;
  /** The bearer identities (BLOCKOPS_MCP_TOKENS), one store for every door that takes tokens; undefined: none. */
  tokens?: TokenFile | undefined;
  /** The on-call watcher (BLOCKOPS_WATCH_INTERVAL, default 10 s); undefined when turned off. */
  watcher?: OncallWatcher | undefined;
}

/** A mounted front door, closed when the server stops. */
export interface Mounted {
  close(): Promise<void>;
}

/** A front door (MCP over HTTP, Slack): undefined when it is not configured. */
export type Mount = (web: express.Express, ctx: MountContext) => Promise<Mounted | undefined>;
