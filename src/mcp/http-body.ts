import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { log } from '../log.js';
import { clientErrorStatus } from '../server/json-errors.js';
import { rpcError } from './http-guard.js';

const LIMIT_MB = 4;

/** The JSON body of an MCP request: at most 4 MB. Its failures are answered by `bodyErrors`. */
export const jsonBody: RequestHandler = express.json({ limit: `${LIMIT_MB}mb` });

/**
 * A body that cannot be read becomes a JSON-RPC error (never Express's HTML page, which shows a stack and paths):
 * -32700 for JSON that does not parse, -32600 for the rest, with the HTTP status body-parser gave.
 */
export const bodyErrors: ErrorRequestHandler = (err, req, res, _next) => {
  const type = (err as { type?: unknown }).type;
  const status = clientErrorStatus(err);
  if (!status) {
    log.error({ err: err instanceof Error ? err.message : String(err), path: req.path }, 'MCP HTTP request failed');
    if (!res.headersSent) res.status(500).json(rpcError(-32603, 'Internal error'));
    return;
  }
  log.info({ type, status }, 'MCP HTTP request refused: unreadable body');
  if (type === 'entity.parse.failed') {
    res.status(400).json(rpcError(-32700, 'Parse error: the body is not valid JSON. Send one JSON-RPC 2.0 message.'));
  } else if (type === 'entity.too.large') {
    res.status(413).json(rpcError(-32600, `Request too large: an MCP request body may be at most ${LIMIT_MB} MB.`));
  } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    res
      .status(415)
      .json(rpcError(-32600, 'Unsupported body encoding: send JSON as UTF-8 (gzip or deflate may compress it).'));
  } else {
    res.status(status).json(rpcError(-32600, `Invalid request: the body could not be read (${status}).`));
  }
};

/** A POST body must be JSON-RPC 2.0: one message or a non-empty batch of requests, notifications or responses. */
export const jsonRpcShape: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST' || req.body === undefined) return next();
  const messages: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
  if (messages.length > 0 && messages.every(isJsonRpcMessage)) return next();
  res
    .status(400)
    .json(
      rpcError(
        -32600,
        'Invalid request: not a JSON-RPC 2.0 message. Send {"jsonrpc": "2.0", "method": …, "id": …} (or a batch of them).',
      ),
    );
};

function isJsonRpcMessage(m: unknown): boolean {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
  const o = m as Record<string, unknown>;
  if (o['jsonrpc'] !== '2.0') return false;
  return typeof o['method'] === 'string' || ('id' in o && ('result' in o || 'error' in o));
}
