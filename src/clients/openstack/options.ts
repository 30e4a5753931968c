/** How to reach and authenticate to one OpenStack cloud (the shape of a clouds.yaml entry, camel-cased). */
export interface OpenStackConnectionOptions {
  /** Keystone URL, e.g. http://host:5000/v3 or http://host/identity (v3 is discovered when the URL has no version). */
  authUrl: string;
  auth:
    | {
        type: 'password';
        username?: string;
        userId?: string;
        password: string;
        userDomainName?: string;
        userDomainId?: string;
      }
    | {
        type: 'application_credential';
        id?: string;
        name?: string;
        secret: string;
        username?: string;
        userDomainName?: string;
      };
  /** Project scope of a password token (application credentials carry their own scope). */
  project?: { id?: string; name?: string; domainName?: string; domainId?: string };
  regionName?: string;
  /** Catalog interface; default public. */
  interface?: 'public' | 'internal' | 'admin';
  caFile?: string;
  insecure?: boolean;
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
  endpointOverride?: Partial<Record<ServiceType, string>>;
}

/** Catalog service types as blockops names them. */
export type ServiceType = 'identity' | 'image' | 'volume' | 'compute' | 'network';

/** Names used for HTTP instances, errors and audit records. */
export type ServiceName = 'keystone' | 'glance' | 'cinder' | 'nova' | 'neutron';

export const SERVICE_TYPE_OF: Record<ServiceName, ServiceType> = {
  keystone: 'identity',
  glance: 'image',
  cinder: 'volume',
  nova: 'compute',
  neutron: 'network',
};
