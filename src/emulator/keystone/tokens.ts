import { auditId, fernetLikeToken } from '../ids.js';
import type { Emu } from '../runtime.js';
import type { IdentityState, Token } from '../state/identity.js';
import { catalogFor } from './catalog.js';

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/** Direct roles of a user on a project plus everything they imply (admin → member → reader). */
export function effectiveRoles(identity: IdentityState, userId: string, projectId: string): string[] {
  const out = new Set<string>();
  const queue = [...(identity.assignments.get(`${userId}:${projectId}`) ?? [])];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (out.has(id)) continue;
    out.add(id);
    queue.push(...(identity.implied.get(id) ?? []));
  }
  return [...out];
}

export function issueToken(
  emu: Emu,
  t: { userId: string; projectId: string | null; roleIds: string[]; methods: string[]; appCredentialId?: string },
): Token {
  const now = new Date();
  const token: Token = {
    id: fernetLikeToken(),
    userId: t.userId,
    projectId: t.projectId,
    roleIds: t.roleIds,
    methods: t.methods,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS),
    auditId: auditId(),
    appCredentialId: t.appCredentialId ?? null,
    revoked: false,
  };
  emu.state.identity.tokens.set(token.id, token);
  return token;
}

/** A usable token, or undefined when it is unknown, revoked or expired. */
export function liveToken(emu: Emu, id: string | undefined): Token | undefined {
  if (!id) return undefined;
  const token = emu.state.identity.tokens.get(id);
  if (!token || token.revoked) return undefined;
  if (token.expiresAt.getTime() <= Date.now()) return undefined;
  return token;
}

function keystoneTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}.000000Z`;
}

/** The body Keystone returns for a token (POST and GET /v3/auth/tokens). */
export function tokenBody(emu: Emu, token: Token, withCatalog: boolean): unknown {
  const id = emu.state.identity;
  const user = id.users.get(token.userId);
  const domainOf = (domainId: string) => ({ id: domainId, name: id.domains.get(domainId)?.name ?? domainId });
  const body: Record<string, unknown> = {
    audit_ids: [token.auditId],
    expires_at: keystoneTime(token.expiresAt),
    is_domain: false,
    issued_at: keystoneTime(token.issuedAt),
    methods: token.methods,
    user: {
      domain: domainOf(user?.domainId ?? 'default'),
      id: token.userId,
      name: user?.name ?? '',
      password_expires_at: null,
    },
  };
  if (token.appCredentialId) {
    const cred = id.appCredentials.get(token.appCredentialId);
    body['application_credential'] = {
      id: token.appCredentialId,
      name: cred?.name ?? '',
      restricted: !!cred?.restricted,
    };
  }
  if (token.projectId) {
    const project = id.projects.get(token.projectId);
    if (withCatalog) body['catalog'] = catalogFor(emu, token.projectId);
    body['project'] = {
      domain: domainOf(project?.domainId ?? 'default'),
      id: token.projectId,
      name: project?.name ?? '',
    };
    body['roles'] = token.roleIds.map((r) => ({ id: r, name: id.roles.get(r)?.name ?? r }));
  }
  return { token: body };
}

export function isAdminToken(emu: Emu, token: Token): boolean {
  return token.roleIds.some((r) => emu.state.identity.roles.get(r)?.name === 'admin');
}
