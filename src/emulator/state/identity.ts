export interface Domain {
  id: string;
  name: string;
}

export interface Project {
  id: string;
  name: string;
  domainId: string;
  description: string;
}

export interface User {
  id: string;
  name: string;
  domainId: string;
  password: string;
  defaultProjectId: string | null;
}

export interface Role {
  id: string;
  name: string;
}

export interface AppCredential {
  id: string;
  name: string;
  secret: string;
  userId: string;
  projectId: string;
  roleIds: string[];
  restricted: boolean;
}

export interface Token {
  id: string;
  userId: string;
  projectId: string | null;
  /** Effective roles, implied ones included (admin → member → reader). */
  roleIds: string[];
  methods: string[];
  issuedAt: Date;
  expiresAt: Date;
  auditId: string;
  appCredentialId: string | null;
  revoked: boolean;
}

export interface Endpoint {
  id: string;
  interface: 'public' | 'internal' | 'admin';
  /** Relative to the emulator's base URL; `{project_id}` is filled per token. */
  path: string;
}

export interface CatalogService {
  id: string;
  name: string;
  type: string;
  endpoints: Endpoint[];
}

export interface IdentityState {
  domains: Map<string, Domain>;
  projects: Map<string, Project>;
  users: Map<string, User>;
  roles: Map<string, Role>;
  /** `${userId}:${projectId}` → directly assigned role ids. */
  assignments: Map<string, string[]>;
  /** role id → role ids it implies. */
  implied: Map<string, string[]>;
  appCredentials: Map<string, AppCredential>;
  tokens: Map<string, Token>;
  catalog: CatalogService[];
}

export function newIdentityState(): IdentityState {
  return {
    domains: new Map(),
    projects: new Map(),
    users: new Map(),
    roles: new Map(),
    assignments: new Map(),
    implied: new Map(),
    appCredentials: new Map(),
    tokens: new Map(),
    catalog: [],
  };
}
