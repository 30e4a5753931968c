import type { RequestView } from '../../core/engine/request-view.js';

const ENDED: ReadonlySet<RequestView['status']> = new Set(['succeeded', 'failed', 'denied', 'expired', 'cancelled']);

/** Whether a request has reached its end: nothing about it changes any more. */
export function hasEnded(view: RequestView): boolean {
  return ENDED.has(view.status);
}
