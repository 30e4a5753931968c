import { createHmac } from 'node:crypto';
import type { FaultController } from '../fault-controller.js';
import { httpError, isRecord, readJson, sendJson } from '../respond.js';
import { type Ctx, Router } from '../router.js';

function nodeRef(ctx: Ctx): number | string {
  const n = ctx.params['node'] ?? '';
  return /^\d+$/.test(n) ? Number(n) : n;
}

function index(ctx: Ctx): number {
  const i = Number(ctx.params['index']);
  if (!Number.isInteger(i) || i < 0)
    throw httpError(400, `Endpoint index must be a non-negative integer, got ${ctx.params['index']}.`);
  return i;
}

async function body(ctx: Ctx): Promise<Record<string, unknown>> {
  const b = await readJson(ctx);
  if (b === undefined) return {};
  if (!isRecord(b)) throw httpError(400, 'Send a JSON object.');
  return b;
}

/**
 * `/_emulator/…`: fault injection and a state summary on the main port (loopback only, no token), and, with an
 * instance key, a proof of which emulator this is (the key itself never leaves).
 */
export function adminRouter(faults: FaultController, instanceKey?: string): Router {
  return new Router()
    .on('GET', '/state', (ctx) => sendJson(ctx, 200, faults.summary()))
    .on('GET', '/instance', (ctx) => {
      const nonce = ctx.query.get('nonce') ?? '';
      if (!instanceKey) throw httpError(404, 'This emulator was started without an instance key.');
      if (!/^[0-9a-f]{32,128}$/.test(nonce)) throw httpError(400, 'Give ?nonce= as 32 to 128 hex digits.');
      sendJson(ctx, 200, { proof: createHmac('sha256', instanceKey).update(nonce).digest('hex') });
    })
    .on('POST', '/lightbits/nodes/:node/fail', async (ctx) => {
      await faults.failLightbitsNode(nodeRef(ctx));
      sendJson(ctx, 200, { node: ctx.params['node'], failed: true });
    })
    .on('POST', '/lightbits/nodes/:node/restore', async (ctx) => {
      await faults.restoreLightbitsNode(nodeRef(ctx));
      sendJson(ctx, 200, { node: ctx.params['node'], failed: false });
    })
    .on('POST', '/lightbits/endpoints/:index/down', async (ctx) => {
      await faults.setLightbitsEndpointDown(index(ctx), true);
      sendJson(ctx, 200, { endpoint: index(ctx), down: true });
    })
    .on('POST', '/lightbits/endpoints/:index/up', async (ctx) => {
      await faults.setLightbitsEndpointDown(index(ctx), false);
      sendJson(ctx, 200, { endpoint: index(ctx), down: false });
    })
    .on('POST', '/faults/http', async (ctx) => {
      const b = await body(ctx);
      if (typeof b['path'] !== 'string')
        throw httpError(400, "Give 'path': a regular expression matched against the request path.");
      const id = faults.injectHttp({
        path: b['path'],
        ...(typeof b['method'] === 'string' ? { method: b['method'] } : {}),
        ...(typeof b['status'] === 'number' ? { status: b['status'] } : {}),
        ...(typeof b['latencyMs'] === 'number' ? { latencyMs: b['latencyMs'] } : {}),
        ...(typeof b['answerLatencyMs'] === 'number' ? { answerLatencyMs: b['answerLatencyMs'] } : {}),
        ...(typeof b['count'] === 'number' ? { count: b['count'] } : {}),
        ...('body' in b ? { body: b['body'] } : {}),
      });
      sendJson(ctx, 201, { id });
    })
    .on('DELETE', '/faults/http', (ctx) => sendJson(ctx, 200, { cleared: faults.clearHttp() }))
    .on('DELETE', '/faults/http/:id', (ctx) => sendJson(ctx, 200, { cleared: faults.clearHttp(ctx.params['id']) }))
    .on('POST', '/tokens/expire', (ctx) => sendJson(ctx, 200, { expired: faults.expireTokens() }))
    .on('POST', '/nova/fail-next-boot', async (ctx) => {
      const b = await body(ctx);
      const message = typeof b['message'] === 'string' ? b['message'] : 'Exceeded maximum number of retries.';
      faults.failNextBoot(message);
      sendJson(ctx, 200, { message });
    })
    .on('POST', '/services/:binary/:state', async (ctx) => {
      const state = ctx.params['state'];
      if (state !== 'up' && state !== 'down') throw httpError(400, "Service state must be 'up' or 'down'.");
      const b = await body(ctx);
      const host = typeof b['host'] === 'string' ? b['host'] : undefined;
      const changed = faults.setServiceState(ctx.params['binary'] ?? '', state, host);
      if (changed === 0)
        throw httpError(404, `No service ${ctx.params['binary']}${host ? ` on ${host}` : ''} in os-services.`);
      sendJson(ctx, 200, { binary: ctx.params['binary'], state, changed });
    });
}
