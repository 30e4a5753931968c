import type { HttpError } from './respond.js';
import type { Ctx, Router } from './router.js';

/** One emulated OpenStack service mounted under a path prefix, like devstack. */
export interface ServiceDef {
  name: 'keystone' | 'glance' | 'cinder' | 'nova' | 'neutron';
  prefix: string;
  router: Router;
  /** Requests that need no token: version documents and Keystone's own auth calls. */
  isPublic(method: string, path: string): boolean;
  /** Sets the headers every response carries (request ids). */
  prepare(ctx: Ctx): void;
  /** After the token check: microversion negotiation (may throw a 406). */
  afterAuth?(ctx: Ctx): void;
  renderError(ctx: Ctx, err: HttpError): void;
  unauthorized(ctx: Ctx): void;
}
