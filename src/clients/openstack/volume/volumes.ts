import { findByNameOrId, looksLikeUuid } from '../find.js';
import { nextLink, paginate } from '../paginate.js';
import { parseBody } from '../parse.js';
import type { Session } from '../session.js';
import {
  readonlyActionBody,
  type VolumeCreate,
  type VolumeFilters,
  volumeCreateBody,
  volumeListQuery,
} from './requests.js';
import {
  ExtraSpecsSchema,
  type Volume,
  VolumeBodySchema,
  VolumeListSchema,
  VolumeSchema,
  type VolumeService,
  VolumeServiceListSchema,
  type VolumeType,
  VolumeTypeListSchema,
} from './types.js';
import * as urls from './urls.js';

const JSON_BODY = { headers: { 'Content-Type': 'application/json' } };

/** Cinder v3 (microversion negotiated, 3.60 wanted). */
export class VolumeClient {
  constructor(private readonly session: Session) {}

  private get http() {
    return this.session.http('cinder');
  }

  listVolumes(filters: VolumeFilters = {}): AsyncGenerator<Volume, void, undefined> {
    return paginate(this.http, urls.volumesDetailUrl(), volumeListQuery(filters), (body) => {
      const page = parseBody(VolumeListSchema, body, 'cinder GET volumes/detail');
      return {
        items: page.volumes.map((v) => parseBody(VolumeSchema, v, 'cinder GET volumes/detail')),
        next: nextLink(page.volumes_links),
      };
    });
  }

  async getVolume(id: string): Promise<Volume> {
    const res = await this.http.get(urls.volumeUrl(id));
    return parseBody(
      VolumeSchema,
      parseBody(VolumeBodySchema, res.data, 'cinder GET volume').volume,
      `cinder GET volumes/${id}`,
    );
  }

  /** By id, else by exact name (allTenants to search every project, e.g. for image-<id> volumes). */
  findVolume(nameOrId: string, opts: { allTenants?: boolean } = {}): Promise<Volume | undefined> {
    return findByNameOrId({
      kind: 'volume',
      nameOrId,
      tryId: looksLikeUuid(nameOrId),
      byId: (id) => this.getVolume(id),
      byName: (name) => this.listVolumes({ name, allTenants: opts.allTenants }),
    });
  }

  /** POST volumes (202): with imageRef the new volume is cloned or copied from the image, see docs/clone-path.md. */
  async createVolume(input: VolumeCreate): Promise<Volume> {
    const res = await this.http.post(urls.volumesUrl(), volumeCreateBody(input), JSON_BODY);
    return parseBody(
      VolumeSchema,
      parseBody(VolumeBodySchema, res.data, 'cinder POST volumes').volume,
      'cinder POST volumes',
    );
  }

  async deleteVolume(id: string, opts: { cascade?: boolean } = {}): Promise<void> {
    await this.http.delete(urls.volumeUrl(id), { params: opts.cascade ? { cascade: true } : undefined });
  }

  async setReadonly(id: string, readonly: boolean): Promise<void> {
    await this.http.post(urls.volumeActionUrl(id), readonlyActionBody(readonly), JSON_BODY);
  }

  async listVolumeTypes(): Promise<VolumeType[]> {
    const res = await this.http.get(urls.typesUrl());
    return parseBody(VolumeTypeListSchema, res.data, 'cinder GET types').volume_types;
  }

  async getVolumeTypeExtraSpecs(typeId: string): Promise<Record<string, string>> {
    const res = await this.http.get(urls.typeExtraSpecsUrl(typeId));
    return parseBody(ExtraSpecsSchema, res.data, `cinder GET types/${typeId}/extra_specs`);
  }

  /** os-services (admin): cinder-volume backends (host@backend) and their state. */
  /**
   * A volume type's encryption (admin): undefined when the type is not encrypted (Cinder answers `{}`).
   * Block clones of image volumes need an unencrypted type.
   */
  async getVolumeTypeEncryption(typeId: string): Promise<{ provider?: string; cipher?: string } | undefined> {
    const res = await this.http.get(urls.typeEncryptionUrl(typeId));
    const body = (res.data ?? {}) as Record<string, unknown>;
    if (!body['encryption_id'] && !body['provider']) return undefined;
    return { provider: body['provider'] as string | undefined, cipher: body['cipher'] as string | undefined };
  }

  async listServices(): Promise<VolumeService[]> {
    const res = await this.http.get(urls.servicesUrl());
    return parseBody(VolumeServiceListSchema, res.data, 'cinder GET os-services').services;
  }
}
