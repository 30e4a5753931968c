import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emu } from './runtime.js';
import type { Token } from './state/identity.js';

/** One request as every handler sees it. `path` is relative to the service prefix (e.g. `/v2/images/ID`). */
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  emu: Emu;
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  requestId: string;
  /** Headers every response of this service carries (request ids, microversion echo). */
  headers: Record<string, string>;
  token?: Token;
  /** Negotiated microversion (Cinder, Nova); [major, minor]. */
  version: [number, number];
}

export type Handler = (ctx: Ctx) => void | Promise<void>;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

export type RouteMatch =
  | { kind: 'found'; handler: Handler; params: Record<string, string> }
  | { kind: 'bad-method' }
  | {
      kind: 'none';
    };

/** A tiny method + path router; `:name` segments capture, nothing else is special. */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: split(pattern), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const parts = split(path);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { kind: 'found', handler: route.handler, params };
      }
      pathMatched = true;
    }
    return pathMatched ? { kind: 'bad-method' } : { kind: 'none' };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(v);
    else if (p !== v) return undefined;
  }
  return params;
}
