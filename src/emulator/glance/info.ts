import { isAdminToken } from '../keystone/tokens.js';
import { httpError, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import { CONTAINER_FORMATS, DISK_FORMATS, VISIBILITIES } from './schema.js';

export const IMPORT_METHODS = ['glance-direct', 'web-download', 'copy-image'];

export function glanceHeaders(): Record<string, string> {
  return { 'OpenStack-image-import-methods': IMPORT_METHODS.join(','), 'OpenStack-image-store-ids': 'cinder,file' };
}

const VERSIONS = [
  '2.15',
  '2.13',
  '2.12',
  '2.11',
  '2.10',
  '2.9',
  '2.8',
  '2.7',
  '2.6',
  '2.5',
  '2.4',
  '2.3',
  '2.2',
  '2.1',
  '2.0',
];

function versions(ctx: Ctx) {
  return VERSIONS.map((v, i) => ({
    id: `v${v}`,
    links: [{ href: `${ctx.emu.config.baseUrl}/image/v2/`, rel: 'self' }],
    status: i === 0 ? 'CURRENT' : 'SUPPORTED',
  }));
}

/** GET /image/ → 300, like glance-api's version negotiation. */
export function glanceVersions(ctx: Ctx): void {
  sendJson(ctx, 300, { versions: versions(ctx) });
}

export function glanceV2(ctx: Ctx): void {
  sendJson(ctx, 200, { versions: versions(ctx) });
}

export function infoImport(ctx: Ctx): void {
  sendJson(ctx, 200, {
    'import-methods': { description: 'Import methods available.', type: 'array', value: IMPORT_METHODS },
  });
}

export function infoStores(ctx: Ctx): void {
  sendJson(ctx, 200, { stores: [{ default: 'true', id: 'cinder' }, { id: 'file' }] });
}

/** GET /v2/info/stores/detail (admin): the stores' types and properties. */
export function infoStoresDetail(ctx: Ctx): void {
  if (!ctx.token || !isAdminToken(ctx.emu, ctx.token)) {
    throw httpError(403, 'You are not authorized to complete stores_info_detail action.');
  }
  sendJson(ctx, 200, {
    stores: [
      {
        default: 'true',
        id: 'cinder',
        properties: { volume_type: 'lightbits', use_multipath: false },
        type: 'cinder',
        weight: 0,
      },
      {
        id: 'file',
        properties: { chunk_size: 65536, datadir: '/var/lib/glance/images/', thin_provisioning: false },
        type: 'file',
        weight: 0,
      },
    ],
  });
}

/** GET /v2/schemas/image: enough of Glance's schema for clients that read it. */
export function imageSchema(ctx: Ctx): void {
  const str = { type: 'string' };
  sendJson(ctx, 200, {
    additionalProperties: { type: 'string' },
    links: [
      { href: '{self}', rel: 'self' },
      { href: '{file}', rel: 'enclosure' },
      { href: '{schema}', rel: 'describedby' },
    ],
    name: 'image',
    properties: {
      checksum: { ...str, readOnly: true },
      container_format: { enum: CONTAINER_FORMATS, type: ['null', 'string'] },
      created_at: { ...str, readOnly: true },
      disk_format: { enum: DISK_FORMATS, type: ['null', 'string'] },
      id: {
        pattern: '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$',
        type: 'string',
      },
      min_disk: { type: 'integer' },
      min_ram: { type: 'integer' },
      name: { maxLength: 255, type: ['null', 'string'] },
      os_hidden: { type: 'boolean' },
      owner: { maxLength: 255, type: ['null', 'string'] },
      protected: { type: 'boolean' },
      size: { readOnly: true, type: ['null', 'integer'] },
      status: { readOnly: true, type: 'string' },
      tags: { items: { maxLength: 255, type: 'string' }, type: 'array' },
      updated_at: { ...str, readOnly: true },
      virtual_size: { readOnly: true, type: ['null', 'integer'] },
      visibility: { enum: VISIBILITIES, type: 'string' },
    },
  });
}
