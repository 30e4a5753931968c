import type { Ctx } from './router.js';

/** Thrown by handlers; each service renders it in its own error shape (Keystone, Glance, Cinder/Nova, Neutron). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { headers?: Record<string, string>; neutronType?: string } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function httpError(status: number, message: string, extra?: HttpError['extra']): HttpError {
  return new HttpError(status, message, extra);
}

const MAX_JSON_BODY = 4 * 1024 * 1024;

export function sendJson(ctx: Ctx, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  send(ctx, status, text, { 'Content-Type': 'application/json', ...extra });
}

export function sendEmpty(ctx: Ctx, status: number, extra: Record<string, string> = {}): void {
  send(ctx, status, '', extra);
}

export function send(ctx: Ctx, status: number, text: string, extra: Record<string, string>): void {
  if (ctx.res.headersSent) return;
  const buf = Buffer.from(text, 'utf8');
  ctx.res.writeHead(status, { ...ctx.headers, ...extra, 'Content-Length': String(buf.length) });
  ctx.res.end(ctx.method === 'HEAD' ? undefined : buf);
}

/** Reads the whole request body as text (JSON requests only; image data is streamed elsewhere). */
export async function readText(ctx: Ctx): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_JSON_BODY) throw httpError(413, 'Request body too large.');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON body; a malformed one is a 400 in the calling service's shape. */
export async function readJson(ctx: Ctx): Promise<unknown> {
  const text = await readText(ctx);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw httpError(400, 'Malformed request body: the body is not valid JSON.');
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** OpenStack timestamps without a zone suffix and with microseconds, as Cinder and Nova print them. */
export function isoMicro(d: Date): string {
  return d
    .toISOString()
    .replace('Z', '')
    .replace(/\.(\d{3})$/, '.$1000');
}

/** Whole seconds, as Cinder and Nova print persisted times: `2026-11-24T10:51:05.000000`. */
export function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}.000000`;
}

/** Glance and Nova `created`: `2026-11-24T10:51:02Z`. */
export function isoZ(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}
