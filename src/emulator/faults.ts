import { randomUUID } from 'node:crypto';

export interface HttpFaultInput {
  /** HTTP method to match; any when absent. */
  method?: string;
  /** Regular expression matched against the request path, prefix included (e.g. `^/volume/v3/.+/volumes$`). */
  path: string | RegExp;
  /** Answer with this status instead of serving the request (in the service's own error shape). */
  status?: number;
  /** Wait this long (real milliseconds, not scaled by speed) before serving or failing. */
  latencyMs?: number;
  /** Serve the request at once, then hold the answer this long: the cloud acted, the client has not heard yet. */
  answerLatencyMs?: number;
  /** How many matching requests the rule applies to (default 1). */
  count?: number;
  /** Body to send with `status`, instead of the service's own error body. */
  body?: unknown;
}

export interface HttpFaultRule {
  id: string;
  method: string | null;
  path: RegExp;
  status: number | null;
  latencyMs: number;
  answerLatencyMs: number;
  remaining: number;
  body: unknown;
}

export interface HttpFaultHit {
  status: number | null;
  latencyMs: number;
  answerLatencyMs: number;
  body: unknown;
}

/** Injected misbehaviour the request pipeline and the state machines consult. */
export class FaultState {
  readonly rules: HttpFaultRule[] = [];
  /** Fault messages for the next server boots, consumed in order. */
  readonly nextBootErrors: string[] = [];

  addRule(input: HttpFaultInput): HttpFaultRule {
    const path = input.path instanceof RegExp ? input.path : new RegExp(input.path);
    if (input.status !== undefined && (!Number.isInteger(input.status) || input.status < 100 || input.status > 599)) {
      throw new Error(`Fault status must be an HTTP status code between 100 and 599, got ${input.status}.`);
    }
    const rule: HttpFaultRule = {
      id: randomUUID(),
      method: input.method ? input.method.toUpperCase() : null,
      path,
      status: input.status ?? null,
      latencyMs: Math.max(0, input.latencyMs ?? 0),
      answerLatencyMs: Math.max(0, input.answerLatencyMs ?? 0),
      remaining: Math.max(1, input.count ?? 1),
      body: input.body,
    };
    this.rules.push(rule);
    return rule;
  }

  clear(id?: string): number {
    const before = this.rules.length;
    if (id === undefined) this.rules.length = 0;
    else {
      const i = this.rules.findIndex((r) => r.id === id);
      if (i >= 0) this.rules.splice(i, 1);
    }
    return before - this.rules.length;
  }

  /** The first rule matching this request, consumed once; undefined when none applies. */
  take(method: string, path: string): HttpFaultHit | undefined {
    const i = this.rules.findIndex((r) => (r.method === null || r.method === method) && r.path.test(path));
    if (i < 0) return undefined;
    const rule = this.rules[i] as HttpFaultRule;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(i, 1);
    return { status: rule.status, latencyMs: rule.latencyMs, answerLatencyMs: rule.answerLatencyMs, body: rule.body };
  }
}
