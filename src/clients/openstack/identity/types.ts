import { z } from 'zod';

// Keystone v3 token body (POST /v3/auth/tokens → 201, token in X-Subject-Token). Wire names stay in this file.

const EndpointWire = z.looseObject({
  id: z.string().optional(),
  url: z.string(),
  interface: z.string(),
  region: z.string().nullish(),
  region_id: z.string().nullish(),
});

const CatalogEntryWire = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  type: z.string(),
  endpoints: z.array(EndpointWire),
});

const DomainWire = z.looseObject({ id: z.string().optional(), name: z.string().optional() });
const ScopeRefWire = z.looseObject({ id: z.string(), name: z.string().optional(), domain: DomainWire.optional() });

const TokenWire = z.looseObject({
  expires_at: z.string(),
  issued_at: z.string().optional(),
  methods: z.array(z.string()).optional(),
  user: ScopeRefWire,
  project: ScopeRefWire.optional(),
  domain: DomainWire.optional(),
  roles: z.array(z.looseObject({ id: z.string().optional(), name: z.string() })).optional(),
  catalog: z.array(CatalogEntryWire).optional(),
  application_credential: z
    .looseObject({ id: z.string(), name: z.string().optional(), restricted: z.boolean().optional() })
    .optional(),
});

export interface CatalogEndpoint {
  url: string;
  interface: string;
  region: string | undefined;
}
export interface CatalogEntry {
  type: string;
  name: string | undefined;
  endpoints: CatalogEndpoint[];
}
export interface ScopeRef {
  id: string;
  name: string | undefined;
  domainId: string | undefined;
  domainName: string | undefined;
}
export interface Token {
  expiresAt: Date;
  issuedAt: Date | undefined;
  methods: string[];
  user: ScopeRef;
  project: ScopeRef | undefined;
  roles: string[];
  /** Undefined for an unscoped token. */
  catalog: CatalogEntry[] | undefined;
  applicationCredentialId: string | undefined;
}

function scopeRef(r: z.output<typeof ScopeRefWire>): ScopeRef {
  return { id: r.id, name: r.name, domainId: r.domain?.id, domainName: r.domain?.name };
}

export const TokenResponseSchema = z.looseObject({ token: TokenWire }).transform(
  ({ token: t }): Token => ({
    expiresAt: new Date(t.expires_at),
    issuedAt: t.issued_at ? new Date(t.issued_at) : undefined,
    methods: t.methods ?? [],
    user: scopeRef(t.user),
    project: t.project ? scopeRef(t.project) : undefined,
    roles: (t.roles ?? []).map((r) => r.name),
    catalog: t.catalog?.map((c) => ({
      type: c.type,
      name: c.name,
      endpoints: c.endpoints.map((e) => ({
        url: e.url,
        interface: e.interface,
        region: e.region_id ?? e.region ?? undefined,
      })),
    })),
    applicationCredentialId: t.application_credential?.id,
  }),
);
