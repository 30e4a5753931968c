import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { requestId } from './ids.js';
import { liveToken } from './keystone/tokens.js';
import { HttpError, httpError, sendJson } from './respond.js';
import type { Ctx, Router } from './router.js';
import type { Emu } from './runtime.js';
import type { ServiceDef } from './service.js';

function baseCtx(emu: Emu, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Ctx {
  return {
    req,
    res,
    emu,
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    query,
    params: {},
    requestId: requestId(),
    headers: {},
    version: [0, 0],
  };
}

/** The one HTTP server: `/_emulator/…` admin calls, then each service by prefix, with faults and token checks. */
export function createHttpServer(emu: Emu, services: ServiceDef[], admin: Router): http.Server {
  return http.createServer((req, res) => {
    handle(emu, services, admin, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 500, message: String(err), title: 'Internal Server Error' } }));
      } else res.destroy();
    });
  });
}

async function handle(
  emu: Emu,
  services: ServiceDef[],
  admin: Router,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const pathname = url.pathname.replace(/\/{2,}/g, '/');
  if (pathname.startsWith('/_emulator/') || pathname === '/_emulator') {
    const ctx = baseCtx(emu, req, res, pathname.slice('/_emulator'.length) || '/', url.searchParams);
    return runAdmin(ctx, admin);
  }
  const svc = services.find((s) => pathname === s.prefix || pathname.startsWith(`${s.prefix}/`));
  if (!svc) {
    const ctx = baseCtx(emu, req, res, pathname, url.searchParams);
    return sendJson(ctx, 404, { error: { code: 404, message: `No service is mounted at ${pathname}.` } });
  }
  const ctx = baseCtx(emu, req, res, pathname.slice(svc.prefix.length) || '/', url.searchParams);
  svc.prepare(ctx);
  try {
    const fault = emu.faults.take(ctx.method, pathname);
    if (fault) {
      if (fault.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.latencyMs));
      if (fault.answerLatencyMs > 0) holdAnswer(res, fault.answerLatencyMs);
      if (fault.status !== null) {
        req.resume();
        if (fault.body !== undefined) return sendJson(ctx, fault.status, fault.body);
        throw httpError(fault.status, `Injected fault: this request failed with HTTP ${fault.status} on purpose.`);
      }
    }
    if (!svc.isPublic(ctx.method, ctx.path)) {
      const token = liveToken(emu, header(req, 'x-auth-token'));
      if (!token?.projectId) {
        req.resume();
        return svc.unauthorized(ctx);
      }
      ctx.token = token;
      svc.afterAuth?.(ctx);
    }
    const match = svc.router.match(ctx.method, ctx.path);
    if (match.kind === 'none') throw httpError(404, 'The resource could not be found.');
    if (match.kind === 'bad-method') throw httpError(405, 'The method specified is not allowed for this resource.');
    ctx.params = match.params;
    await match.handler(ctx);
  } catch (err) {
    req.resume();
    const e =
      err instanceof HttpError
        ? err
        : httpError(
            500,
            `The server has either erred or is incapable of performing the requested operation: ${String(err)}`,
          );
    svc.renderError(ctx, e);
  }
}

/** The handler does its work now; what it sends leaves only after ms. */
function holdAnswer(res: ServerResponse, ms: number): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    setTimeout(() => end(...args), ms);
    return res;
  }) as ServerResponse['end'];
}

async function runAdmin(ctx: Ctx, admin: Router): Promise<void> {
  try {
    const match = admin.match(ctx.method, ctx.path);
    if (match.kind !== 'found') throw httpError(404, `No emulator admin call ${ctx.method} /_emulator${ctx.path}.`);
    ctx.params = match.params;
    await match.handler(ctx);
  } catch (err) {
    const status = err instanceof HttpError ? err.status : 400;
    sendJson(ctx, status, { error: { code: status, message: err instanceof Error ? err.message : String(err) } });
  }
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
