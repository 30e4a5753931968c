/**
 * What Slack always sends, checked before Bolt and the listeners see a request: a signed request that lacks it
 * (a forged one from someone holding the secret, or a Slack change) gets a clear 400, not a TypeError deep inside.
 * Returns what is wrong, or undefined when the body has the fields blockops reads.
 */
export function payloadProblem(body: unknown, form: boolean): string | undefined {
  if (!isObject(body)) return 'the body is not a JSON object';
  if (form && typeof body['command'] === 'string') {
    return missing(body, ['user_id', 'channel_id', 'text', 'trigger_id'], 'slash command');
  }
  return undefined; // Events API (JSON) and ssl_check: Bolt answers those itself
}

/** For `payload=` bodies: interactions (buttons, modals, external selects). */
export function interactionProblem(payload: unknown): string | undefined {
  if (!isObject(payload)) return 'payload is not a JSON object';
  const type = payload['type'];
  if (typeof type !== 'string') return 'payload has no type';
  const user = payload['user'];
  if (!isObject(user) || typeof user['id'] !== 'string') return `${type} payload has no user.id`;
  if (type === 'block_actions') {
    const actions = payload['actions'];
    if (!Array.isArray(actions) || actions.length === 0) return 'block_actions payload has no actions';
    if (!actions.every((a) => isObject(a) && typeof a['action_id'] === 'string')) {
      return 'block_actions payload has an action without action_id';
    }
  }
  if (type === 'view_submission' || type === 'view_closed') {
    const view = payload['view'];
    if (!isObject(view) || typeof view['callback_id'] !== 'string') return `${type} payload has no view.callback_id`;
    const state = view['state'];
    if (type === 'view_submission' && (!isObject(state) || !isObject(state['values']))) {
      return 'view_submission payload has no view.state.values';
    }
  }
  if (type === 'block_suggestion' && typeof payload['action_id'] !== 'string') {
    return 'block_suggestion payload has no action_id';
  }
  return undefined;
}

function missing(o: Record<string, unknown>, fields: string[], what: string): string | undefined {
  const absent = fields.filter((f) => typeof o[f] !== 'string');
  return absent.length ? `${what} has no ${absent.join(', ')}` : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
