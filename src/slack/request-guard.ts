import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { log } from '../log.js';
import type { Refusals } from '../server/refusals.js';
import { interactionProblem, payloadProblem } from './payload-shape.js';

/** Slack's own limit on how far a request's timestamp may be from our clock, either way. */
const MAX_SKEW_SECONDS = 5 * 60;

/**
 * In front of Bolt's receiver on /slack/events (HTTP mode): reads the body once, refuses a request whose
 * signature is wrong or whose timestamp is more than five minutes off (in the past *or the future*: Bolt checks
 * only the past), counted, rate-limited and audited through `refusals`; then refuses a signed body that is not what
 * Slack sends with a 400 that says what is wrong. Bolt re-verifies and parses from `req.rawBody`.
 */
export function slackRequestGuard(signingSecret: string, refusals: Refusals): RequestHandler[] {
  return [
    express.raw({ type: () => true, limit: '10mb' }),
    (req, res, next) => check(signingSecret, refusals, req, res, next),
  ];
}

function check(secret: string, refusals: Refusals, req: Request, res: Response, next: () => void): void {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const reason = signatureProblem(secret, raw, req.get('x-slack-signature'), req.get('x-slack-request-timestamp'));
  if (reason) {
    const refusal = refusals.refuse(req, { door: 'slack', code: 'SLACK.UNAUTHORIZED', reason });
    if (refusal.limited) res.status(429).set('Retry-After', String(refusal.retryAfterSeconds)).send();
    else res.status(401).send();
    return;
  }
  const text = raw.toString('utf8');
  const problem = bodyProblem(text, req.get('content-type') ?? '');
  if (problem) {
    log.error({ code: 'SLACK.BAD_PAYLOAD', problem }, `malformed Slack payload: ${problem}`);
    res.status(400).type('text/plain').send(`malformed Slack payload: ${problem}`);
    return;
  }
  (req as Request & { rawBody?: Buffer }).rawBody = raw;
  next();
}

function signatureProblem(
  secret: string,
  body: Buffer,
  signature: string | undefined,
  timestamp: string | undefined,
): string | undefined {
  if (!signature || !timestamp) return 'no X-Slack-Signature or X-Slack-Request-Timestamp';
  const ts = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - ts) > MAX_SKEW_SECONDS) {
    return 'timestamp more than 5 minutes from this server clock';
  }
  const expected = Buffer.from(
    `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'signature mismatch';
}

function bodyProblem(text: string, contentType: string): string | undefined {
  const form = contentType.startsWith('application/x-www-form-urlencoded');
  if (!form) {
    try {
      return payloadProblem(JSON.parse(text), false);
    } catch {
      return 'the body is not JSON';
    }
  }
  const fields = new URLSearchParams(text);
  const payload = fields.get('payload');
  if (payload === null) return payloadProblem(Object.fromEntries(fields), true);
  try {
    return interactionProblem(JSON.parse(payload));
  } catch {
    return 'payload is not JSON';
  }
}
