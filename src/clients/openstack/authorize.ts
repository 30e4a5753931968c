import { type AxiosInstance, getAdapter, type InternalAxiosRequestConfig, isAxiosError } from 'axios';
import type { ApiError } from '../api-error.js';
import { toApiError } from '../http.js';

/** What a service instance needs from the session before each request. */
export interface Authorizer {
  prepare(): Promise<{ token: string; generation: number; baseURL: string; headers: Record<string, string> }>;
  /** The token of this generation was refused: the next prepare() re-authenticates (once, however many callers). */
  invalidate(generation: number): void;
}

const GENERATION = 'blockopsTokenGeneration';
type Marked = InternalAxiosRequestConfig & { [GENERATION]?: number };

const isStream = (data: unknown) => typeof (data as { pipe?: unknown } | null)?.pipe === 'function';

/**
 * Token, base URL and microversion on every request; on a 401, one re-authentication and one replay.
 * The replay lives in the adapter, beneath createHttp's interceptors: they see only the final answer, and the
 * config (with its headers) never has to travel inside an error.
 */
export function installAuth(instance: AxiosInstance, service: string, authz: Authorizer): void {
  instance.interceptors.request.use(async (config) => {
    const p = await authz.prepare();
    config.baseURL ??= p.baseURL;
    for (const [k, v] of Object.entries(p.headers)) if (!config.headers.has(k)) config.headers.set(k, v);
    config.headers.set('X-Auth-Token', p.token);
    (config as Marked)[GENERATION] = p.generation;
    return config;
  });
  const send = getAdapter(instance.defaults.adapter);
  instance.defaults.adapter = async (config) => {
    try {
      return await send(config);
    } catch (err) {
      if (!isAxiosError(err) || err.response?.status !== 401) throw err;
      authz.invalidate((config as Marked)[GENERATION] ?? -1);
      if (isStream(config.data)) throw streamRefused(toApiError(service, err));
      // A 401 means the service did not act on the request, so replaying it (even a POST) is safe.
      const p = await authz.prepare();
      config.headers.set('X-Auth-Token', p.token);
      return send(config);
    }
  };
}

function streamRefused(err: ApiError): ApiError {
  return err.withMessage(
    `the token was refused (401: ${err.serviceMessage ?? 'Unauthorized'}) and a streamed body cannot be sent twice; ` +
      'a new token will be used next time: start the upload again with a fresh stream',
  );
}
