import type { Readable } from 'node:stream';
import { findByNameOrId, looksLikeUuid } from '../find.js';
import { paginate } from '../paginate.js';
import { parseBody } from '../parse.js';
import type { Session } from '../session.js';
import { type ImageCreate, type ImageImport, type ImagePatchOp, imageCreateBody, imageImportBody } from './requests.js';
import {
  type Image,
  ImageListSchema,
  type ImageMember,
  ImageMemberSchema,
  ImageMembersSchema,
  ImageSchema,
  type ImportInfo,
  ImportInfoSchema,
  type StoreInfo,
  StoresInfoSchema,
} from './types.js';
import { putStream, type UploadOptions } from './upload.js';
import * as urls from './urls.js';

/** GET /v2/images filters (Glance api-ref), e.g. { name, status, visibility, owner, limit, sort }. */
export type ImageFilters = Record<string, string | number | boolean | undefined>;

/** Glance v2. */
export class ImageClient {
  constructor(private readonly session: Session) {}

  private get http() {
    return this.session.http('glance');
  }

  listImages(filters: ImageFilters = {}): AsyncGenerator<Image, void, undefined> {
    return paginate(this.http, urls.imagesUrl(), filters, (body) => {
      const page = parseBody(ImageListSchema, body, 'glance GET /v2/images');
      return { items: page.images.map((i) => parseBody(ImageSchema, i, 'glance GET /v2/images')), next: page.next };
    });
  }

  async getImage(id: string): Promise<Image> {
    const res = await this.http.get(urls.imageUrl(id));
    return parseBody(ImageSchema, res.data, `glance GET /v2/images/${id}`);
  }

  findImage(nameOrId: string): Promise<Image | undefined> {
    return findByNameOrId({
      kind: 'image',
      nameOrId,
      tryId: looksLikeUuid(nameOrId),
      byId: (id) => this.getImage(id),
      byName: (name) => this.listImages({ name }),
    });
  }

  async createImage(input: ImageCreate): Promise<Image> {
    const res = await this.http.post(urls.imagesUrl(), imageCreateBody(input), {
      headers: { 'Content-Type': 'application/json' },
    });
    return parseBody(ImageSchema, res.data, 'glance POST /v2/images');
  }

  /** JSON-patch update (PATCH /v2/images/{id}). */
  async updateImage(id: string, ops: ImagePatchOp[]): Promise<Image> {
    const res = await this.http.patch(urls.imageUrl(id), ops, {
      headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch' },
    });
    return parseBody(ImageSchema, res.data, `glance PATCH /v2/images/${id}`);
  }

  async deleteImage(id: string): Promise<void> {
    await this.http.delete(urls.imageUrl(id));
  }

  /**
   * PUT /v2/images/{id}/file, streamed. The token is refreshed before the first byte if near expiry; a 401 after
   * the stream started is an ApiError saying to start again (a consumed stream cannot be replayed).
   */
  uploadImageData(id: string, data: Readable, opts: UploadOptions = {}): Promise<{ bytesSent: number }> {
    return putStream(this.http, urls.imageFileUrl(id), data, opts);
  }

  /**
   * GET /v2/images/{id}/file as a stream, never buffered, with the size Glance announces. The caller consumes or
   * destroys the stream.
   */
  async downloadImageData(
    id: string,
    opts: { signal?: AbortSignal } = {},
  ): Promise<{ stream: Readable; size?: number }> {
    const res = await this.http.get(urls.imageFileUrl(id), {
      responseType: 'stream',
      signal: opts.signal,
      // The client caps JSON bodies at 64 MiB; an image stream is as long as the image.
      maxContentLength: -1,
      maxRedirects: 0,
    });
    const length = Number(res.headers['content-length']);
    return { stream: res.data as Readable, ...(Number.isFinite(length) && length >= 0 ? { size: length } : {}) };
  }

  /** POST /v2/images/{id}/actions/deactivate (admin): the image stays, its data can no longer be downloaded. */
  async deactivateImage(id: string): Promise<void> {
    await this.http.post(urls.imageActionUrl(id, 'deactivate'));
  }

  /** GET /v2/images/{id}/members: the projects a shared image is shared with. */
  async listImageMembers(id: string): Promise<ImageMember[]> {
    const res = await this.http.get(urls.imageMembersUrl(id));
    const what = `glance GET /v2/images/${id}/members`;
    return parseBody(ImageMembersSchema, res.data, what).members.map((m) => parseBody(ImageMemberSchema, m, what));
  }

  /** POST /v2/images/{id}/members (the owner): shares the image with a project, whose answer starts `pending`. */
  async addImageMember(id: string, memberId: string): Promise<ImageMember> {
    const res = await this.http.post(urls.imageMembersUrl(id), { member: memberId });
    return parseBody(ImageMemberSchema, res.data, `glance POST /v2/images/${id}/members`);
  }

  /** PUT /v2/images/{id}/members/{member}: the member's answer (Glance lets the member, or an admin, give it). */
  async updateImageMember(id: string, memberId: string, status: ImageMember['status']): Promise<ImageMember> {
    const res = await this.http.put(urls.imageMemberUrl(id, memberId), { status });
    return parseBody(ImageMemberSchema, res.data, `glance PUT /v2/images/${id}/members/${memberId}`);
  }

  /** PUT /v2/images/{id}/stage (interoperable import, then importImage with glance-direct). */
  stageImageData(id: string, data: Readable, opts: UploadOptions = {}): Promise<{ bytesSent: number }> {
    return putStream(this.http, urls.imageStageUrl(id), data, opts);
  }

  async importImage(
    id: string,
    method: ImageImport,
    opts: { stores?: string[]; allStores?: boolean; allStoresMustSucceed?: boolean } = {},
  ): Promise<void> {
    await this.http.post(urls.imageImportUrl(id), imageImportBody(method, opts), {
      headers: { 'Content-Type': 'application/json' },
    });
  }

  async getImportInfo(): Promise<ImportInfo> {
    const res = await this.http.get(urls.importInfoUrl());
    return parseBody(ImportInfoSchema, res.data, 'glance GET /v2/info/import');
  }

  /** Enabled stores (multi-store Glance only; a single-store Glance answers 404). */
  async getStoresInfo(): Promise<StoreInfo[]> {
    const res = await this.http.get(urls.storesInfoUrl());
    return parseBody(StoresInfoSchema, res.data, 'glance GET /v2/info/stores');
  }
}
