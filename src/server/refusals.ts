import type { Request } from 'express';
import type { Metrics } from './metrics.js';
import type { RefusalAudit, RefusalSource } from './refusal-audit.js';
import { TokenBuckets } from './token-buckets.js';

/** Unauthenticated requests one address may make at once, then per second. Valid credentials never use them up. */
const BURST = 20;
const PER_SECOND = 2;

export type Refusal = { limited: false } | { limited: true; retryAfterSeconds: number };

/**
 * What the doors do with a request that has no valid credential (a wrong bearer token, a bad Slack signature):
 * count it, audit it (aggregated) and, once its address has used up its bucket, ask it to slow down (429).
 */
export class Refusals {
  private readonly buckets = new TokenBuckets(BURST, PER_SECOND);
  private readonly prune: NodeJS.Timeout;

  constructor(
    private readonly metrics: Metrics,
    private readonly audit: RefusalAudit,
  ) {
    this.prune = setInterval(() => this.buckets.prune(), 60_000);
    this.prune.unref();
  }

  refuse(req: Request, source: Omit<RefusalSource, 'remote'>): Refusal {
    const remote = req.socket.remoteAddress ?? 'unknown';
    const wait = this.buckets.take(remote);
    this.metrics.authFailures.inc({ door: source.door });
    if (wait) this.metrics.rateLimited.inc({ door: source.door });
    this.audit.record({ ...source, remote }, { method: req.method, path: req.path }, wait > 0);
    return wait ? { limited: true, retryAfterSeconds: wait } : { limited: false };
  }

  async close(): Promise<void> {
    clearInterval(this.prune);
    await this.audit.close();
  }
}
