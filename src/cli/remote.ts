import { NDJSON, operationPath, type RunBody, type WireMessage } from '../api/wire.js';
import { redactUrl } from '../config/values.js';
import type { GatewayResult, RunOptions } from '../core/engine/gateway.js';
import { isKnownCode } from '../core/errors/codes.js';
import { OpsError } from '../core/errors/ops-error.js';

export type RunOperation = (name: string, input: Record<string, unknown>, opts: RunOptions) => Promise<GatewayResult>;

/** Why fetch failed, in its own words: the socket's code (ECONNREFUSED) where there is one. */
export function fetchFailure(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message;
}

/**
 * Runs operations on a `blockops serve` (BLOCKOPS_URL) as the identity of the token: the same answers and errors
 * the gateway gives locally, so the CLI prints them the same way. The token goes in the Authorization header only.
 */
export function remoteRunner(url: string, token: string): RunOperation {
  const base = url.replace(/\/+$/, '');
  const shown = redactUrl(base);
  return async (name, input, opts) => {
    const body: RunBody = { input, wait_seconds: opts.waitSeconds ?? 0 };
    let res: Response;
    try {
      res = await fetch(`${base}${operationPath(name)}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: opts.onProgress ? NDJSON : 'application/json',
        },
        body: JSON.stringify(body),
      });
    } catch (e) {
      throw new OpsError(
        'API.UNREACHABLE',
        `Cannot reach blockops serve at ${shown} (BLOCKOPS_URL): ${fetchFailure(e)}. ` +
          'Check the URL and that `blockops serve` runs there.',
      );
    }
    let last: WireMessage | undefined;
    for await (const message of messages(res, shown)) {
      if ('progress' in message) opts.onProgress?.(message.progress);
      else last = message;
    }
    if (last && 'result' in last) return last.result;
    if (last && 'error' in last) throw remoteError(last.error, res.status, shown);
    throw notTheApi(res.status, shown);
  };
}

function remoteError(
  e: { code: string; message: string; details?: Record<string, unknown> | undefined },
  status: number,
  shown: string,
): OpsError {
  if (status === 401) {
    return new OpsError(
      'API.UNAUTHORIZED',
      `blockops serve at ${shown} refused the token (401): ${e.message.replace(/^Unauthorized: /, '')} ` +
        'Check BLOCKOPS_TOKEN (or BLOCKOPS_TOKEN_FILE / BLOCKOPS_TOKEN_COMMAND): it must be your own token, whole.',
    );
  }
  if (!isKnownCode(e.code)) return new OpsError('API.BAD_RESPONSE', `${shown} answered ${e.code}: ${e.message}`);
  return new OpsError(e.code, e.message, { details: e.details });
}

function notTheApi(status: number, shown: string): OpsError {
  return new OpsError(
    'API.BAD_RESPONSE',
    `${shown} answered HTTP ${status} with something other than the blockops API. Is BLOCKOPS_URL the address of ` +
      '`blockops serve` (without /api/v1)?',
  );
}

/** The answer's JSON messages: one object, or one per line as they arrive. */
async function* messages(res: Response, shown: string): AsyncGenerator<WireMessage> {
  if (!/json/.test(res.headers.get('content-type') ?? '') || !res.body) {
    await res.body?.cancel();
    throw notTheApi(res.status, shown);
  }
  const decoder = new TextDecoder();
  let buffered = '';
  const parse = (text: string): WireMessage => {
    try {
      return JSON.parse(text) as WireMessage;
    } catch {
      throw notTheApi(res.status, shown);
    }
  };
  for await (const chunk of res.body) {
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (line) yield parse(line);
      nl = buffered.indexOf('\n');
    }
  }
  buffered += decoder.decode();
  if (buffered.trim()) yield parse(buffered.trim());
}
