import { AsyncLocalStorage } from 'node:async_hooks';
import { log } from '../log.js';

/** One HTTP exchange as the audit log records it. */
export interface RequestRecord {
  service: string;
  method: string;
  url: string;
  status: number;
  requestId?: string;
}

const current = new AsyncLocalStorage<RequestRecord[]>();

/** Runs fn and returns every request the clients made inside it (across awaits), for the audit record. */
export async function collectRequests<T>(fn: () => Promise<T>): Promise<{ value: T; requests: RequestRecord[] }> {
  const requests: RequestRecord[] = [];
  const value = await current.run(requests, fn);
  return { value, requests };
}

/** Like collectRequests, but hands the live list to the caller, so a failure still shows what was sent. */
export function runCollecting<T>(requests: RequestRecord[], fn: () => Promise<T>): Promise<T> {
  return current.run(requests, fn);
}

export function recordRequest(r: RequestRecord): void {
  // `blockops --debug` shows every exchange (the URL as the audit log records it: no download signature).
  log.debug({ api: r }, `${r.service} ${r.method} ${r.url} → ${r.status}`);
  current.getStore()?.push(r);
}
