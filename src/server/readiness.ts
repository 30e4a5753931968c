import type { App } from '../app/app.js';
import { toOpsError } from '../core/errors/to-ops-error.js';

const cache = new WeakMap<App, { at: number; value: Readiness }>();

export interface Readiness {
  ready: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
}

/** Ready when the store answers and Keystone issues a token; cached for 10 s so probes stay cheap. */
export async function readiness(app: App): Promise<Readiness> {
  const cached = cache.get(app);
  if (cached && Date.now() - cached.at < 10_000) return cached.value;
  const checks: Readiness['checks'] = [];
  try {
    await app.services.store.requests.list({ limit: 1 });
    checks.push({ name: 'store', ok: true, detail: app.services.store.engine });
  } catch (e) {
    checks.push({ name: 'store', ok: false, detail: toOpsError(e).message });
  }
  try {
    const cloud = await app.cloud();
    await cloud.openstack.session.authenticate();
    checks.push({ name: 'keystone', ok: true, detail: cloud.emulated ? 'built-in emulator' : 'authenticated' });
  } catch (e) {
    checks.push({ name: 'keystone', ok: false, detail: toOpsError(e).message });
  }
  const value = { ready: checks.every((c) => c.ok), checks };
  cache.set(app, { at: Date.now(), value });
  return value;
}
