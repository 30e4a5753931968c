import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one `blockops serve` process, served at /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'blockops_' });
  return {
    registry,
    operations: new Counter({
      name: 'blockops_operations_total',
      help: 'Operation calls through the gateway, by operation, front door and outcome.',
      labelNames: ['operation', 'via', 'outcome'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'blockops_operation_duration_seconds',
      help: 'Time from gateway call to answer (pending approvals answer at once).',
      labelNames: ['operation', 'via'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: [registry],
    }),
    authFailures: new Counter({
      name: 'blockops_http_auth_failures_total',
      help: 'HTTP requests refused for a missing or wrong credential, by front door.',
      labelNames: ['door'],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'blockops_http_rate_limited_total',
      help: 'Requests without a valid credential answered 429 because their address sent too many, by front door.',
      labelNames: ['door'],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
