import express, { type NextFunction, type Request, type Response } from 'express';
import type { Progress } from '../core/engine/operation.js';
import { isRefusal } from '../core/errors/codes.js';
import { OpsError } from '../core/errors/ops-error.js';
import { toOpsError } from '../core/errors/to-ops-error.js';
import type { Actor } from '../core/people/actor.js';
import { log } from '../log.js';
import { bearerAuth } from '../server/bearer-auth.js';
import type { TokenEntry } from '../server/identities.js';
import type { Mount, MountContext } from '../server/mount.js';
import { httpStatusOf } from './http-status.js';
import { API_PREFIX, NDJSON, runBody, type WireError, type WireMessage } from './wire.js';

/**
 * The HTTP API at /api/v1, what the CLI talks to when BLOCKOPS_URL is set: every operation through the gateway, as
 * the identity the bearer token stands for (the same tokens as MCP over HTTP). Errors are JSON with their code.
 */
export const mountHttpApi: Mount = async (web, ctx) => {
  const api = express.Router();
  api.use(
    bearerAuth(ctx.refusals, ctx.tokens, {
      door: 'api',
      code: 'API.UNAUTHORIZED',
      hint: ctx.tokens
        ? 'Send Authorization: Bearer <token> (the CLI sends BLOCKOPS_TOKEN) with a token whose sha256 is listed ' +
          "for your identity in the server's tokens file."
        : 'This server has no tokens file: its operator sets BLOCKOPS_MCP_TOKENS (see manifests/mcp/README.md).',
      refuse: (res, message) => res.json(wireError({ code: 'API.UNAUTHORIZED', message })),
    }),
  );
  api.post('/operations/:name', express.json({ limit: '1mb' }), (req: Request, res: Response) => {
    const body = runBody.safeParse(req.body ?? {});
    if (!body.success) {
      const issues = body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      res.status(400).json(wireError({ code: 'VALIDATION.FAILED', message: `Invalid request body: ${issues}.` }));
      return;
    }
    void answer(ctx, req, res, String(req.params['name']), body.data.input, body.data.wait_seconds);
  });
  api.get('/requests/:id', (req: Request, res: Response) => {
    void answer(ctx, req, res, 'get_request', { request_id: String(req.params['id']) }, 0);
  });
  api.use((req: Request, res: Response) => {
    res.status(404).json(
      wireError({
        code: 'OPERATION.UNKNOWN',
        message: `No ${req.method} ${API_PREFIX}${req.path}: use POST ${API_PREFIX}/operations/{name} or GET ${API_PREFIX}/requests/{id}.`,
      }),
    );
  });
  // A body that is not JSON (express.json's error) is the caller's mistake, answered like any other.
  api.use((e: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (e as { status?: number }).status ?? 500;
    const message = status < 500 ? `Invalid request body: ${(e as Error).message}.` : 'Internal error.';
    res.status(status).json(wireError({ code: status < 500 ? 'VALIDATION.FAILED' : 'INTERNAL', message }));
  });
  web.use(API_PREFIX, api);
  return { close: async () => {} };
};

/** A token's identity through the API: who the policy, approvals and the audit log see. */
export function apiActor(entry: TokenEntry): Actor {
  return { id: entry.identity, via: 'api', onBehalfOf: entry.person };
}

async function answer(
  ctx: MountContext,
  req: Request,
  res: Response,
  name: string,
  input: Record<string, unknown>,
  waitSeconds: number,
): Promise<void> {
  const entry = res.locals['identity'] as TokenEntry;
  const ndjson = req.accepts(['application/json', NDJSON]) === NDJSON;
  let streaming = false;
  // The status is decided by the outcome unless progress had to be sent first (then 200, and the last line says).
  const send = (status: number, message: WireMessage) => {
    if (streaming) res.end(`${JSON.stringify(message)}\n`);
    else if (ndjson)
      res
        .status(status)
        .type(NDJSON)
        .send(`${JSON.stringify(message)}\n`);
    else res.status(status).json(message);
  };
  const onProgress = ndjson
    ? (progress: Progress) => {
        if (!streaming) res.status(200).type(NDJSON);
        streaming = true;
        res.write(`${JSON.stringify({ progress })}\n`);
      }
    : undefined;
  const timer = ctx.metrics.duration.startTimer({ operation: name, via: 'api' });
  let outcome = 'failed';
  try {
    const op = ctx.app.gateway.registry.get(name);
    if (entry.read_only && op.effect === 'write') {
      throw new OpsError(
        'POLICY.FORBIDDEN',
        `The token of ${entry.identity} is read-only, so it cannot ${op.name}. Use a token without read_only.`,
      );
    }
    const result = await ctx.app.gateway.run(op.name, input, apiActor(entry), { waitSeconds, onProgress });
    outcome = result.status;
    send(200, { result });
  } catch (e) {
    const err = toOpsError(e);
    outcome = isRefusal(err.code) ? 'refused' : 'failed';
    if (err.code === 'INTERNAL') log.error({ err: e, operation: name }, 'HTTP API call failed unexpectedly');
    send(httpStatusOf(err.code), wireError({ code: err.code, message: err.message, details: err.details }));
  } finally {
    timer();
    ctx.metrics.operations.inc({ operation: name, via: 'api', outcome });
  }
}

function wireError(error: WireError): { error: WireError } {
  return { error };
}
