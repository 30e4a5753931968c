import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

/** One HTTP exchange this process made, with the JSON it got back (bodies up to 1 MiB). */
export interface Exchange {
  method: string;
  /** Origin and path with query, as sent. */
  url: string;
  status: number;
  requestId: string | undefined;
  json?: unknown;
}

const MAX_BODY = 1024 * 1024;

/**
 * Records every HTTP exchange of this process through Node's http diagnostics channels: the blockops clients'
 * own requests (reads and jobs alike) without touching them. Start it, run the scenario, stop it.
 */
export class HttpRecorder {
  readonly exchanges: Exchange[] = [];
  #on = false;

  readonly #onResponse = (message: unknown) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const url = `${request.protocol}//${String(request.getHeader('host'))}${request.path}`;
    const header = response.headers['x-openstack-request-id'] ?? response.headers['x-compute-request-id'];
    const ex: Exchange = {
      method: request.method,
      url,
      status: response.statusCode ?? 0,
      requestId: Array.isArray(header) ? header[0] : header,
    };
    this.exchanges.push(ex);
    if (!String(response.headers['content-type'] ?? '').includes('json')) return;
    // A second 'data' listener beside the client's own: every chunk goes to both, nothing is consumed twice.
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    response.on('end', () => {
      if (size > MAX_BODY) return;
      try {
        ex.json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        // not JSON after all: keep status and headers only
      }
    });
  };

  start(): this {
    if (!this.#on) subscribe('http.client.response.finish', this.#onResponse);
    this.#on = true;
    return this;
  }

  stop(): Exchange[] {
    if (this.#on) unsubscribe('http.client.response.finish', this.#onResponse);
    this.#on = false;
    return this.exchanges;
  }
}
