import type { AxiosInstance } from 'axios';
import { createHttp, type HttpOptions } from '../http.js';
import { type Authorizer, installAuth } from './authorize.js';
import { findCatalogEndpoint, versionedBaseUrl } from './catalog.js';
import { buildAuthBody } from './identity/auth-body.js';
import { discoverIdentityUrl, type IssuedToken, requestToken } from './identity/keystone.js';
import type { Token } from './identity/types.js';
import { type MicroversionedService, microversionHeaders, negotiateMicroversion } from './microversion.js';
import { type OpenStackConnectionOptions, SERVICE_TYPE_OF, type ServiceName } from './options.js';

/** A token this close to expires_at is replaced before the next request. */
export const REFRESH_MARGIN_MS = 60_000;

interface ServiceEndpoint {
  baseURL: string;
  microversion: string | undefined;
  headers: Record<string, string>;
}

/** Keystone v3 session: token cache, catalog, version discovery and one authorized axios instance per service. */
export class Session {
  // Private fields: the password and the token never show in logs, inspect() or JSON of this object.
  readonly #opts: OpenStackConnectionOptions;
  readonly #authHttp: AxiosInstance;
  #identityUrl: Promise<string> | undefined;
  #current: (IssuedToken & { generation: number }) | undefined;
  #pending: Promise<IssuedToken & { generation: number }> | undefined;
  #generation = 0;
  #stale = false;
  readonly #instances = new Map<ServiceName, AxiosInstance>();
  readonly #endpoints = new Map<ServiceName, Promise<ServiceEndpoint>>();

  constructor(opts: OpenStackConnectionOptions) {
    buildAuthBody(opts); // fails now, with a clear message, on incomplete credentials
    this.#opts = opts;
    this.#authHttp = createHttp(this.#httpOptions('keystone'));
  }

  get projectId(): string | undefined {
    return this.#current?.info.project?.id;
  }
  get userId(): string | undefined {
    return this.#current?.info.user.id;
  }
  get roles(): string[] {
    return this.#current?.info.roles ?? [];
  }

  /** The token's details, authenticating first when there is no fresh token. */
  async authenticate(): Promise<Token> {
    return (await this.#valid()).info;
  }

  /** The current token (re-authenticating near expiry). Never log it. */
  async token(): Promise<string> {
    return (await this.#valid()).value;
  }

  /** The authorized axios instance of a service: base URL, X-Auth-Token, microversion, one re-auth on 401. */
  http(service: ServiceName): AxiosInstance {
    let instance = this.#instances.get(service);
    if (!instance) {
      instance = createHttp(this.#httpOptions(service));
      installAuth(instance, service, this.#authorizer(service));
      this.#instances.set(service, instance);
    }
    return instance;
  }

  /** Base URL of a service, API version included (e.g. http://host:8776/v3/<project>). */
  async endpoint(service: ServiceName): Promise<string> {
    return (await this.#endpoint(service)).baseURL;
  }

  /** Negotiated microversion (Cinder, Nova), undefined for the others. */
  async microversion(service: ServiceName): Promise<string | undefined> {
    return (await this.#endpoint(service)).microversion;
  }

  #httpOptions(service: ServiceName): HttpOptions {
    const o = this.#opts;
    const http: HttpOptions = { service, caFile: o.caFile, insecure: o.insecure };
    if (o.timeoutMs !== undefined) http.timeoutMs = o.timeoutMs;
    if (o.retries !== undefined) http.retries = o.retries;
    if (o.retryDelayMs !== undefined) http.retryDelayMs = o.retryDelayMs;
    return http;
  }

  #authorizer(service: ServiceName): Authorizer {
    return {
      prepare: async () => {
        const t = await this.#valid();
        const ep = await this.#endpoint(service);
        return { token: t.value, generation: t.generation, baseURL: ep.baseURL, headers: ep.headers };
      },
      invalidate: (generation) => {
        if (this.#current?.generation === generation) this.#stale = true;
      },
    };
  }

  async #valid(): Promise<IssuedToken & { generation: number }> {
    const c = this.#current;
    if (c && !this.#stale && c.info.expiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS) return c;
    this.#pending ??= this.#issue().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #issue(): Promise<IssuedToken & { generation: number }> {
    this.#identityUrl ??= discoverIdentityUrl(this.#authHttp, this.#opts.authUrl).catch((err: unknown) => {
      this.#identityUrl = undefined;
      throw err;
    });
    const issued = await requestToken(this.#authHttp, await this.#identityUrl, this.#opts);
    this.#generation += 1;
    this.#current = { ...issued, generation: this.#generation };
    this.#stale = false;
    return this.#current;
  }

  #endpoint(service: ServiceName): Promise<ServiceEndpoint> {
    let p = this.#endpoints.get(service);
    if (!p) {
      p = this.#resolve(service).catch((err: unknown) => {
        this.#endpoints.delete(service);
        throw err;
      });
      this.#endpoints.set(service, p);
    }
    return p;
  }

  async #resolve(service: ServiceName): Promise<ServiceEndpoint> {
    const { info } = await this.#valid();
    const override = this.#opts.endpointOverride?.[SERVICE_TYPE_OF[service]];
    const query = { service, interface: this.#opts.interface ?? 'public', region: this.#opts.regionName };
    const url =
      override ??
      (service === 'keystone' && !info.catalog?.some((c) => c.type === 'identity')
        ? await this.#identityUrl!
        : findCatalogEndpoint(info.catalog, query));
    const baseURL = versionedBaseUrl(service, url, info.project?.id);
    if (service !== 'cinder' && service !== 'nova') return { baseURL, microversion: undefined, headers: {} };
    const discovery = createHttp(this.#httpOptions(service));
    const microversion = await negotiateMicroversion(discovery, service as MicroversionedService, baseURL);
    return { baseURL, microversion, headers: microversionHeaders(service, microversion) };
  }
}
