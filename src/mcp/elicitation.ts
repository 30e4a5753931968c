import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestView } from '../core/engine/request-view.js';
import { log } from '../log.js';
import type { Extra } from './progress.js';

export type Confirmation = 'accept' | 'decline' | 'dismissed';

/** Whether the connected client said it can show a form to its person (elicitation, form mode). */
export function canElicit(server: McpServer): boolean {
  return Boolean(server.server.getClientCapabilities()?.elicitation?.form);
}

/**
 * Asks the person at the client to confirm their own request ("Confirm: <preview>"). Only called where the
 * policy's rule has allow_self_confirmation; the answer comes from the person, not from the assistant.
 * A dismissed form, a timeout or a client failure count as no answer: the request stays pending.
 */
export async function askToConfirm(server: McpServer, request: RequestView, extra: Extra): Promise<Confirmation> {
  const untilExpiry = Math.max(1_000, Date.parse(request.expires_at) - Date.now());
  try {
    const r = await server.server.elicitInput(
      {
        mode: 'form',
        message: `Confirm: ${request.preview}`,
        requestedSchema: { type: 'object', properties: {} },
      },
      { relatedRequestId: extra.requestId, signal: extra.signal, timeout: Math.min(untilExpiry, 10 * 60_000) },
    );
    if (r.action === 'accept') return 'accept';
    return r.action === 'decline' ? 'decline' : 'dismissed';
  } catch (e) {
    log.info(
      { request_id: request.request_id, err: e instanceof Error ? e.message : String(e) },
      'elicitation got no answer',
    );
    return 'dismissed';
  }
}
