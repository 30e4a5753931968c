import { httpError, isRecord } from '../respond.js';
import type { Emu } from '../runtime.js';
import type { Token, User } from '../state/identity.js';
import { effectiveRoles, issueToken, liveToken } from './tokens.js';

const UNAUTHORIZED = 'The request you have made requires authentication.';

function unauthorized() {
  return httpError(401, UNAUTHORIZED);
}

function obj(v: unknown, field: string): Record<string, unknown> {
  if (!isRecord(v)) throw httpError(400, `Invalid input for field '${field}': expected an object.`);
  return v;
}

function domainId(emu: Emu, d: unknown): string | undefined {
  if (!isRecord(d)) return undefined;
  if (typeof d['id'] === 'string') return d['id'];
  if (typeof d['name'] === 'string') {
    for (const dom of emu.state.identity.domains.values()) if (dom.name === d['name']) return dom.id;
  }
  return undefined;
}

function findUser(emu: Emu, u: Record<string, unknown>): User | undefined {
  const users = emu.state.identity.users;
  if (typeof u['id'] === 'string') return users.get(u['id']);
  if (typeof u['name'] !== 'string') throw httpError(400, "Invalid input for field 'user': give 'id' or 'name'.");
  const dom = domainId(emu, u['domain']);
  if (!dom) throw httpError(400, "Invalid input for field 'user': a user given by name needs a 'domain' (id or name).");
  for (const user of users.values()) if (user.name === u['name'] && user.domainId === dom) return user;
  return undefined;
}

function scopedProjectId(emu: Emu, scope: unknown): string | null {
  if (scope === undefined || scope === 'unscoped') return null;
  const s = obj(scope, 'scope');
  if (!isRecord(s['project'])) throw unauthorized();
  const p = s['project'];
  const projects = emu.state.identity.projects;
  if (typeof p['id'] === 'string') {
    if (!projects.has(p['id'])) throw unauthorized();
    return p['id'];
  }
  const dom = domainId(emu, p['domain']);
  for (const project of projects.values())
    if (project.name === p['name'] && project.domainId === dom) return project.id;
  throw unauthorized();
}

/** POST /v3/auth/tokens: password, application_credential or token methods; wrong credentials → 401. */
export function authenticate(emu: Emu, body: unknown): Token {
  const auth = obj(obj(body, 'body')['auth'], 'auth');
  const identity = obj(auth['identity'], 'identity');
  const methods = identity['methods'];
  if (!Array.isArray(methods) || methods.length === 0) {
    throw httpError(400, "Invalid input for field 'identity': 'methods' is a required property.");
  }
  const method = String(methods[0]);
  if (method === 'password') {
    const user = findUser(emu, obj(obj(identity['password'], 'password')['user'], 'user'));
    const pw = obj(identity['password'], 'password');
    const password = isRecord(pw['user']) ? pw['user']['password'] : undefined;
    if (!user || typeof password !== 'string' || password !== user.password) throw unauthorized();
    return scopedToken(emu, user.id, scopedProjectId(emu, auth['scope']), ['password']);
  }
  if (method === 'application_credential') {
    const ac = obj(identity['application_credential'], 'application_credential');
    const cred = typeof ac['id'] === 'string' ? emu.state.identity.appCredentials.get(ac['id']) : undefined;
    if (!cred || ac['secret'] !== cred.secret) throw unauthorized();
    return issueToken(emu, {
      userId: cred.userId,
      projectId: cred.projectId,
      roleIds: cred.roleIds,
      methods: ['application_credential'],
      appCredentialId: cred.id,
    });
  }
  if (method === 'token') {
    const t = obj(identity['token'], 'token');
    const old = liveToken(emu, typeof t['id'] === 'string' ? t['id'] : undefined);
    if (!old) throw unauthorized();
    return scopedToken(emu, old.userId, scopedProjectId(emu, auth['scope']), ['token']);
  }
  throw unauthorized();
}

function scopedToken(emu: Emu, userId: string, projectId: string | null, methods: string[]): Token {
  if (projectId === null) return issueToken(emu, { userId, projectId: null, roleIds: [], methods });
  const roleIds = effectiveRoles(emu.state.identity, userId, projectId);
  if (roleIds.length === 0) throw unauthorized();
  return issueToken(emu, { userId, projectId, roleIds, methods });
}
