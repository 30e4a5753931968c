import { openstackError } from '../client-error.js';
import { findByNameOrId, orNotFound } from '../find.js';
import { nextLink, paginate } from '../paginate.js';
import { parseBody } from '../parse.js';
import type { Session } from '../session.js';
import { microversionAtLeast } from '../versions.js';
import {
  NETWORKS_KEYWORD_MICROVERSION,
  type ServerCreate,
  type ServerFilters,
  serverCreateBody,
  serverListQuery,
} from './requests.js';
import {
  type ComputeService,
  ComputeServiceListSchema,
  type Flavor,
  FlavorBodySchema,
  FlavorListSchema,
  FlavorSchema,
  type Keypair,
  KeypairBodySchema,
  KeypairListSchema,
  type Server,
  ServerBodySchema,
  ServerCreatedSchema,
  ServerListSchema,
  ServerSchema,
} from './types.js';
import * as urls from './urls.js';

/** Nova v2.1 (microversion negotiated, 2.79 wanted). */
export class ComputeClient {
  constructor(private readonly session: Session) {}

  private get http() {
    return this.session.http('nova');
  }

  listFlavors(): AsyncGenerator<Flavor, void, undefined> {
    return paginate(this.http, urls.flavorsDetailUrl(), {}, (body) => {
      const page = parseBody(FlavorListSchema, body, 'nova GET flavors/detail');
      const items = page.flavors.map((f) => parseBody(FlavorSchema, f, 'nova GET flavors/detail'));
      return { items, next: nextLink(page.flavors_links) };
    });
  }

  async getFlavor(id: string): Promise<Flavor> {
    const res = await this.http.get(urls.flavorUrl(id));
    return parseBody(
      FlavorSchema,
      parseBody(FlavorBodySchema, res.data, 'nova GET flavor').flavor,
      `nova GET flavors/${id}`,
    );
  }

  /** Flavor ids are free-form ("1", "m1.small"): try the id first, then the names. */
  findFlavor(nameOrId: string): Promise<Flavor | undefined> {
    return findByNameOrId({
      kind: 'flavor',
      nameOrId,
      tryId: true,
      byId: (id) => this.getFlavor(id),
      byName: () => this.listFlavors(),
    });
  }

  async listKeypairs(): Promise<Keypair[]> {
    const res = await this.http.get(urls.keypairsUrl());
    return parseBody(KeypairListSchema, res.data, 'nova GET os-keypairs').keypairs.map((k) => k.keypair);
  }

  /** Keypairs are known by name only; undefined when there is none. */
  async findKeypair(name: string): Promise<Keypair | undefined> {
    const res = await orNotFound(this.http.get(urls.keypairUrl(name)));
    return res && parseBody(KeypairBodySchema, res.data, `nova GET os-keypairs/${name}`).keypair;
  }

  /** Boot from an existing volume (block_device_mapping_v2, no imageRef). Returns the new server's id. */
  async createServer(input: ServerCreate): Promise<{ id: string }> {
    if (typeof input.networks === 'string') {
      const mv = await this.session.microversion('nova');
      if (!microversionAtLeast(mv, NETWORKS_KEYWORD_MICROVERSION)) {
        throw openstackError(
          'MICROVERSION_UNSUPPORTED',
          `networks: "${input.networks}" needs compute microversion ≥ ${NETWORKS_KEYWORD_MICROVERSION}, ` +
            `but this cloud's Nova offers at most ${mv ?? 'none'}: pass a network uuid instead.`,
          { microversion: mv },
        );
      }
    }
    const res = await this.http.post(urls.serversUrl(), serverCreateBody(input), {
      headers: { 'Content-Type': 'application/json' },
    });
    return parseBody(ServerCreatedSchema, res.data, 'nova POST servers');
  }

  async getServer(id: string): Promise<Server> {
    const res = await this.http.get(urls.serverUrl(id));
    return parseBody(
      ServerSchema,
      parseBody(ServerBodySchema, res.data, 'nova GET server').server,
      `nova GET servers/${id}`,
    );
  }

  listServers(filters: ServerFilters = {}): AsyncGenerator<Server, void, undefined> {
    return paginate(this.http, urls.serversDetailUrl(), serverListQuery(filters), (body) => {
      const page = parseBody(ServerListSchema, body, 'nova GET servers/detail');
      const items = page.servers.map((s) => parseBody(ServerSchema, s, 'nova GET servers/detail'));
      return { items, next: nextLink(page.servers_links) };
    });
  }

  async deleteServer(id: string): Promise<void> {
    await this.http.delete(urls.serverUrl(id));
  }

  /** os-services (admin): nova-compute hosts and their state. */
  async listServices(): Promise<ComputeService[]> {
    const res = await this.http.get(urls.servicesUrl());
    return parseBody(ComputeServiceListSchema, res.data, 'nova GET os-services').services;
  }
}
