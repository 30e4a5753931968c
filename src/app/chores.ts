import { hostname } from 'node:os';

/** Identifies this process in a running request's `runner`; a stale heartbeat from it means it died. */
export function runnerId(): string {
  return `${hostname()}:${process.pid}`;
}
