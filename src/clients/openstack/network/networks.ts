import { findByNameOrId, looksLikeUuid } from '../find.js';
import { nextLink, paginate } from '../paginate.js';
import { parseBody } from '../parse.js';
import type { Session } from '../session.js';
import { type Network, NetworkBodySchema, NetworkListSchema, NetworkSchema } from './types.js';
import * as urls from './urls.js';

/** GET /v2.0/networks filters, e.g. { name, shared, 'router:external', project_id }. */
export type NetworkFilters = Record<string, string | number | boolean | undefined>;

/** Neutron v2.0. */
export class NetworkClient {
  constructor(private readonly session: Session) {}

  private get http() {
    return this.session.http('neutron');
  }

  listNetworks(filters: NetworkFilters = {}): AsyncGenerator<Network, void, undefined> {
    return paginate(this.http, urls.networksUrl(), filters, (body) => {
      const page = parseBody(NetworkListSchema, body, 'neutron GET networks');
      const items = page.networks.map((n) => parseBody(NetworkSchema, n, 'neutron GET networks'));
      return { items, next: nextLink(page.networks_links) };
    });
  }

  async getNetwork(id: string): Promise<Network> {
    const res = await this.http.get(urls.networkUrl(id));
    return parseBody(
      NetworkSchema,
      parseBody(NetworkBodySchema, res.data, 'neutron GET network').network,
      `neutron GET networks/${id}`,
    );
  }

  /** By id, else by exact name; several with that name → an error listing their ids. */
  findNetwork(nameOrId: string): Promise<Network | undefined> {
    return findByNameOrId({
      kind: 'network',
      nameOrId,
      tryId: looksLikeUuid(nameOrId),
      byId: (id) => this.getNetwork(id),
      byName: (name) => this.listNetworks({ name }),
    });
  }
}
