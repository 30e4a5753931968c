import type { Check } from '../app/doctor.js';
import { redactUrl } from '../config/values.js';
import { toOpsError } from '../core/errors/to-ops-error.js';
import { fetchFailure, remoteRunner } from './remote.js';

/**
 * `blockops doctor` with BLOCKOPS_URL: what this machine needs is the serve and a token it accepts; the cloud and
 * Lightbits are the serve's to reach, and its own `blockops doctor` checks them.
 */
export async function remoteChecks(url: string, token: string | undefined): Promise<Check[]> {
  const shown = redactUrl(url);
  const checks: Check[] = [];
  const add = (name: string, level: Check['level'], detail: string) =>
    checks.push({ name, ok: level !== 'fail', level, detail });
  try {
    const res = await fetch(`${url.replace(/\/+$/, '')}/healthz`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`it answered ${res.status} on /healthz`);
    add('blockops serve', 'ok', `answers at ${shown} (BLOCKOPS_URL)`);
  } catch (e) {
    add(
      'blockops serve',
      'fail',
      `cannot reach ${shown} (BLOCKOPS_URL): ${fetchFailure(e)}. Check the URL and that it runs.`,
    );
    return checks;
  }
  if (!token) {
    add('token', 'fail', 'BLOCKOPS_TOKEN is not set (or BLOCKOPS_TOKEN_FILE / BLOCKOPS_TOKEN_COMMAND): set your own.');
    return checks;
  }
  try {
    await remoteRunner(url, token)('list_requests', { limit: 1 }, {});
    add('token', 'ok', 'accepted: the serve runs operations as the identity its tokens file gives this token');
  } catch (e) {
    add('token', 'fail', toOpsError(e).message);
  }
  add('cloud', 'ok', 'checked where blockops serve runs: run `blockops doctor` there (without BLOCKOPS_URL)');
  return checks;
}
