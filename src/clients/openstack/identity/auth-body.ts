import { openstackError } from '../client-error.js';
import type { OpenStackConnectionOptions } from '../options.js';

type Domain = { id: string } | { name: string };

function domainOf(id: string | undefined, name: string | undefined): Domain | undefined {
  if (id) return { id };
  if (name) return { name };
  return undefined;
}

function invalid(message: string): never {
  throw openstackError('CONFIG_INVALID', message);
}

/** The Keystone v3 POST /auth/tokens body for the configured credentials (api-ref identity v3 "Authentication"). */
export function buildAuthBody(opts: OpenStackConnectionOptions): { auth: Record<string, unknown> } {
  const a = opts.auth;
  if (a.type === 'application_credential') {
    // An application credential carries its own project scope: asking for another one is an error in Keystone.
    const credential: Record<string, unknown> = { secret: a.secret };
    if (a.id) credential['id'] = a.id;
    else if (a.name) {
      if (!a.username) invalid('An application credential given by name also needs auth.username (its owner).');
      const domain = domainOf(undefined, a.userDomainName) ?? invalid('Set auth.userDomainName with auth.username.');
      credential['name'] = a.name;
      credential['user'] = { name: a.username, domain };
    } else invalid('Set auth.id (or auth.name with auth.username) for an application credential.');
    return { auth: { identity: { methods: ['application_credential'], application_credential: credential } } };
  }

  const userDomain = domainOf(a.userDomainId, a.userDomainName);
  let user: Record<string, unknown>;
  if (a.userId) user = { id: a.userId, password: a.password };
  else if (a.username) {
    if (!userDomain) invalid('Set auth.userDomainName or auth.userDomainId with auth.username (e.g. "Default").');
    user = { name: a.username, domain: userDomain, password: a.password };
  } else invalid('Set auth.username (with its domain) or auth.userId for password authentication.');

  const auth: Record<string, unknown> = { identity: { methods: ['password'], password: { user } } };
  const p = opts.project;
  if (p?.id) auth['scope'] = { project: { id: p.id } };
  else if (p?.name) {
    const domain =
      domainOf(p.domainId, p.domainName) ??
      userDomain ??
      invalid('Set project.domainName or project.domainId with project.name.');
    auth['scope'] = { project: { name: p.name, domain } };
  }
  return { auth };
}
