import { STATUS_CODES } from 'node:http';
import { type HttpError, sendJson } from './respond.js';
import type { Ctx } from './router.js';

function title(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** Keystone: `{"error": {code, message, title}}`. */
export function keystoneError(ctx: Ctx, err: HttpError): void {
  const headers = { ...err.extra.headers };
  if (err.status === 401) headers['WWW-Authenticate'] = `Keystone uri="${ctx.emu.config.baseUrl}/identity/v3"`;
  sendJson(ctx, err.status, { error: { code: err.status, message: err.message, title: title(err.status) } }, headers);
}

/** Glance (webob): `{"code": "404 Not Found", "message": "…<br /><br />\n\n\n", "title": "Not Found"}`. */
export function glanceError(ctx: Ctx, err: HttpError): void {
  const t = title(err.status);
  const body = { code: `${err.status} ${t}`, message: `${err.message}<br /><br />\n\n\n`, title: t };
  const headers = { ...err.extra.headers };
  if (err.status === 401) headers['Www-Authenticate'] = `Keystone uri="${ctx.emu.config.baseUrl}/identity"`;
  sendJson(ctx, err.status, body, headers);
}

const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

/** Cinder and Nova: `{"itemNotFound": {code, message}}`; anything unnamed is a `computeFault`. */
export function faultError(ctx: Ctx, err: HttpError, contentType = 'application/json'): void {
  const name = FAULT_NAMES[err.status] ?? 'computeFault';
  sendJson(
    ctx,
    err.status,
    { [name]: { code: err.status, message: err.message } },
    {
      ...err.extra.headers,
      'Content-Type': contentType,
    },
  );
}

/** Neutron: `{"NeutronError": {type, message, detail}}`. */
export function neutronError(ctx: Ctx, err: HttpError): void {
  const type = err.extra.neutronType ?? title(err.status).replace(/\s+/g, '');
  sendJson(ctx, err.status, { NeutronError: { type, message: err.message, detail: '' } }, err.extra.headers);
}

/** What keystonemiddleware answers for a missing, unknown or expired token in front of Cinder, Nova and Neutron. */
export function middleware401(ctx: Ctx): void {
  sendJson(
    ctx,
    401,
    { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } },
    { 'WWW-Authenticate': `Keystone uri="${ctx.emu.config.baseUrl}/identity"` },
  );
}
