import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Progress } from '../core/engine/operation.js';
import { log } from '../log.js';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ProgressSink {
  /** Hands a core progress event to the client (a no-op when the caller sent no progressToken). */
  report(p: Progress): void;
  /**
   * While a long wait sends nothing (an approver, a person confirming, a silent phase of a job), repeat the last
   * message every `everyMs`, so the person sees it is alive and clients that reset their timeout on progress wait on.
   */
  keepAlive(everyMs?: number): () => void;
}

/**
 * `notifications/progress` for one tool call: progress always increases (the spec requires it); `total` is 100
 * when the operation knows how far it is, and absent otherwise.
 */
export function progressFor(extra: Extra): ProgressSink {
  const token = extra._meta?.progressToken;
  let last = 0;
  let lastMessage = '';
  let lastSent = Date.now();
  const send = (message: string, fraction: number | undefined) => {
    if (token === undefined) return;
    const known = fraction !== undefined && Number.isFinite(fraction);
    const next = known ? Math.max(last + 0.001, Math.min(100, fraction * 100)) : last + 1;
    last = Number(next.toFixed(3));
    lastSent = Date.now();
    extra
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken: token, progress: last, ...(known ? { total: 100 } : {}), message },
      })
      .catch((e: unknown) => log.debug({ err: String(e) }, 'progress notification not delivered'));
  };
  return {
    report(p) {
      lastMessage = p.message;
      send(p.message, p.fraction);
    },
    keepAlive(everyMs = 5_000) {
      if (token === undefined) return () => {};
      const started = Date.now();
      const timer = setInterval(
        () => {
          if (!lastMessage || Date.now() - lastSent < everyMs) return;
          send(`${lastMessage} (${Math.round((Date.now() - started) / 1000)} s so far)`, undefined);
        },
        Math.max(250, Math.floor(everyMs / 2)),
      );
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
