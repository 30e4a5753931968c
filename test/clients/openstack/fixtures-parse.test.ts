import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { serviceMessage } from '../../../src/clients/api-error.js';
import * as compute from '../../../src/clients/openstack/compute/types.js';
import { buildAuthBody } from '../../../src/clients/openstack/identity/auth-body.js';
import { TokenResponseSchema } from '../../../src/clients/openstack/identity/types.js';
import { imageCreateBody, imageImportBody } from '../../../src/clients/openstack/image/requests.js';
import * as image from '../../../src/clients/openstack/image/types.js';
import { VersionsDocSchema } from '../../../src/clients/openstack/versions.js';
import { readonlyActionBody } from '../../../src/clients/openstack/volume/requests.js';
import * as volume from '../../../src/clients/openstack/volume/types.js';
import { FIXTURES_DIR, hasShared, SKIP_REASON } from '../../helpers/shared.js';
import { readJson } from './real-fixtures.js';

type Check = (body: unknown) => unknown;
const parse = (schema: z.ZodType) => (b: unknown) => schema.parse(b);
const each = (list: z.ZodType, key: string, item: z.ZodType) => (b: unknown) =>
  ((list.parse(b) as Record<string, unknown[]>)[key] ?? []).map((x) => item.parse(x));
const wrapped = (outer: z.ZodType, key: string, item: z.ZodType) => (b: unknown) =>
  item.parse((outer.parse(b) as Record<string, unknown>)[key]);
const error: Check = (b) => {
  const m = serviceMessage(b);
  expect(m, 'an error body the ApiError can quote').toMatch(/\w/);
  return m;
};
const request = (expected: unknown) => (b: unknown) => expect(expected).toEqual(b);

const volumeBody = wrapped(volume.VolumeBodySchema, 'volume', volume.VolumeSchema);
const serverBody = wrapped(compute.ServerBodySchema, 'server', compute.ServerSchema);
const versions = parse(VersionsDocSchema);

/** Every JSON file under both fixture folders, and what the clients parse it with. */
const CHECKS: Record<string, Check | 'not-sent'> = {
  'openstack-real-zed/compute/flavors-detail.json': each(compute.FlavorListSchema, 'flavors', compute.FlavorSchema),
  'openstack-real-zed/compute/os-services.json': parse(compute.ComputeServiceListSchema),
  'openstack-real-zed/compute/server-create-400-bad-flavor.json': error,
  'openstack-real-zed/compute/server-create-boot-from-volume-mv2.79.json': parse(compute.ServerCreatedSchema),
  'openstack-real-zed/compute/server-show-404.json': error,
  'openstack-real-zed/compute/server-show-boot-from-volume-mv2.79.json': serverBody,
  'openstack-real-zed/compute/versions.json': versions,
  'openstack-real-zed/identity/auth-tokens-password-project.json': parse(TokenResponseSchema),
  'openstack-real-zed/identity/auth-tokens-wrong-password.json': error,
  'openstack-real-zed/identity/version-root.json': versions,
  'openstack-real-zed/identity/version-v3.json': versions,
  'openstack-real-zed/image/image-create-400-bad-format.json': error,
  'openstack-real-zed/image/image-create-queued.json': parse(image.ImageSchema),
  'openstack-real-zed/image/image-show-404.json': error,
  'openstack-real-zed/image/image-show-cinder-store-raw.json': parse(image.ImageSchema),
  'openstack-real-zed/image/image-show-file-store.json': parse(image.ImageSchema),
  'openstack-real-zed/image/image-upload-409-active.json': error,
  'openstack-real-zed/image/image-upload-put-file.json': (b) => expect(b).toBeNull(), // 204: no body
  'openstack-real-zed/image/images-list-bad-token.json': error,
  'openstack-real-zed/image/images-list-limit1.json': each(image.ImageListSchema, 'images', image.ImageSchema),
  'openstack-real-zed/image/info-import.json': parse(image.ImportInfoSchema),
  'openstack-real-zed/image/info-stores.json': parse(image.StoresInfoSchema),
  'openstack-real-zed/image/versions.json': versions,
  'openstack-real-zed/volume/os-services.json': parse(volume.VolumeServiceListSchema),
  'openstack-real-zed/volume/types.json': parse(volume.VolumeTypeListSchema),
  'openstack-real-zed/volume/versions.json': versions,
  'openstack-real-zed/volume/volume-create-400.json': error,
  'openstack-real-zed/volume/volume-create-from-image-mv3.60.json': volumeBody,
  'openstack-real-zed/volume/volume-show-404.json': error,
  'openstack-real-zed/volume/volume-show-from-image-mv3.60.json': volumeBody,
  'openstack-real-zed/volume/volume-show-image-volume-mv3.60.json': volumeBody,
  'openstack-real-zed/volume/volume-show-in-use-mv3.60.json': volumeBody,
  'openstack-real-zed/volume/volumes-detail-all-tenants-mv3.60.json': each(
    volume.VolumeListSchema,
    'volumes',
    volume.VolumeSchema,
  ),
  'openstack/compute/flavors-detail-resp.json': each(compute.FlavorListSchema, 'flavors', compute.FlavorSchema),
  'openstack/compute/keypairs-list-resp.json': parse(compute.KeypairListSchema),
  'openstack/compute/server-create-req-bdm-v2.json': 'not-sent', // boots from an image (source_type image); we boot from a volume
  'openstack/compute/server-create-resp.json': parse(compute.ServerCreatedSchema),
  'openstack/compute/server-get-resp.json': serverBody,
  'openstack/compute/services-list-get-resp.json': parse(compute.ComputeServiceListSchema),
  'openstack/compute/versions-get-resp.json': versions,
  'openstack/identity/auth-application-credential-id-request.json': request(
    buildAuthBody({
      authUrl: 'http://k/v3',
      auth: { type: 'application_credential', id: '423f19a4ac1e4f48bbb4180756e6eb6c', secret: 'rEaqvJka48mpv' },
    }),
  ),
  'openstack/identity/auth-application-credential-response.json': parse(TokenResponseSchema),
  'openstack/identity/auth-password-project-scoped-response.json': parse(TokenResponseSchema),
  'openstack/identity/identity-version-response.json': versions,
  'openstack/identity/identity-versions-response.json': versions,
  'openstack/image/image-create-request.json': request(
    imageCreateBody({
      name: 'Ubuntu',
      diskFormat: 'raw',
      containerFormat: 'bare',
      id: 'b2173dd3-7ad6-4362-baa6-a68bce3565cb',
    }),
  ),
  'openstack/image/image-create-response.json': parse(image.ImageSchema),
  'openstack/image/image-import-w-d-request.json': request(
    imageImportBody(
      { method: 'web-download', uri: 'https://download.cirros-cloud.net/0.4.0/cirros-0.4.0-ppc64le-disk.img' },
      { allStores: true, allStoresMustSucceed: true },
    ),
  ),
  'openstack/image/image-info-import-response.json': parse(image.ImportInfoSchema),
  'openstack/image/image-show-response.json': parse(image.ImageSchema),
  'openstack/image/images-list-response.json': each(image.ImageListSchema, 'images', image.ImageSchema),
  'openstack/image/locations-list-detail-response.json': parse(image.ImageLocationListSchema),
  'openstack/image/stores-list-detail-response.json': parse(image.StoresInfoSchema),
  'openstack/image/stores-list-response.json': parse(image.StoresInfoSchema),
  'openstack/image/versions-response.json': versions,
  'openstack/volume/services-list-response.json': parse(volume.VolumeServiceListSchema),
  'openstack/volume/versions-response.json': versions,
  'openstack/volume/volume-create-request.json': 'not-sent', // every optional field as null; we omit unset fields
  'openstack/volume/volume-create-response.json': volumeBody,
  'openstack/volume/volume-readonly-update-request.json': request(readonlyActionBody(true)),
  'openstack/volume/volume-show-response.json': volumeBody,
  'openstack/volume/volume-types-list-response.json': parse(volume.VolumeTypeListSchema),
  'openstack/volume/volumes-list-detailed-response.json': each(volume.VolumeListSchema, 'volumes', volume.VolumeSchema),
};

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? jsonFiles(join(dir, d.name)) : d.name.endsWith('.json') ? [join(dir, d.name)] : [],
  );
}

const files = hasShared
  ? ['openstack', 'openstack-real-zed']
      .flatMap((d) => jsonFiles(join(FIXTURES_DIR, d)))
      .map((f) => relative(FIXTURES_DIR, f))
  : [];
const get = <T>(file: string, check: Check): T => check(readJson(join(FIXTURES_DIR, file))) as T;
const R = 'openstack-real-zed';

// Reads ../shared/fixtures; SKIP_REASON says when it is absent.
describe.skipIf(!hasShared)(`every fixture parses with its client schema (${SKIP_REASON})`, () => {
  it('knows every JSON file in both fixture folders', () => {
    expect(files.filter((f) => !(f in CHECKS))).toEqual([]);
    expect(Object.keys(CHECKS).filter((f) => !files.includes(f))).toEqual([]);
  });

  it.each(files.filter((f) => CHECKS[f] !== 'not-sent'))('%s', (file) => {
    const check = CHECKS[file];
    if (typeof check === 'function') check(readJson(join(FIXTURES_DIR, file)));
  });

  it('normalizes the values that trip clients', () => {
    type V = z.output<typeof volume.VolumeSchema>;
    const vols = get<V[]>(
      `${R}/volume/volumes-detail-all-tenants-mv3.60.json`,
      CHECKS[`${R}/volume/volumes-detail-all-tenants-mv3.60.json`] as Check,
    );
    expect(vols.map((v) => v.bootable)).toEqual([false, true, false]);
    expect(vols.map((v) => v.readonly)).toEqual([true, false, true]);
    expect(vols[1]?.imageMetadata?.['min_disk']).toBe('0');
    const inUse = get<V>(`${R}/volume/volume-show-in-use-mv3.60.json`, volumeBody);
    expect(inUse.attachments).toEqual([
      expect.objectContaining({
        serverId: 'bc56ba5d-c787-41da-b3a9-d4cff6c0c18b',
        device: '/dev/sda',
        attachmentId: '8a9c199a-9336-40b0-afb0-b0bf32a42531',
      }),
    ]);
    expect(get<V>('openstack/volume/volume-show-response.json', volumeBody)).toMatchObject({
      name: '',
      host: undefined,
    });

    type S = z.output<typeof compute.ServerSchema>;
    expect(get<S>(`${R}/compute/server-show-boot-from-volume-mv2.79.json`, serverBody).imageId).toBeUndefined();
    expect(get<S>('openstack/compute/server-get-resp.json', serverBody).imageId).toBe(
      '70a599e0-31e7-49b7-b260-868f441e862b',
    );

    const img = get<z.output<typeof image.ImageSchema>>(
      `${R}/image/image-show-file-store.json`,
      parse(image.ImageSchema),
    );
    expect([img.stores, img.locations[0]?.store, img.directUrl]).toEqual([
      ['file'],
      'file',
      'file:///var/lib/glance/images/9b21219c-206e-486b-8fe4-41ca43fd8b3a',
    ]);
    expect(img.raw).toMatchObject({ self: '/v2/images/9b21219c-206e-486b-8fe4-41ca43fd8b3a' });
    expect(Object.keys(img)).not.toContain('raw'); // kept off JSON output
    const upstreamImage = get<z.output<typeof image.ImageSchema>>(
      'openstack/image/image-create-response.json',
      parse(image.ImageSchema),
    );
    expect([upstreamImage.visibility, upstreamImage.virtualSize, upstreamImage.stores]).toEqual([
      'private',
      undefined,
      [],
    ]);

    const stores = get<{ id: string; isDefault: boolean; readOnly: boolean }[]>(
      'openstack/image/stores-list-response.json',
      parse(image.StoresInfoSchema),
    );
    expect(stores.filter((s) => s.isDefault).map((s) => s.id)).toEqual(['fast']);
    expect(stores.filter((s) => s.readOnly).map((s) => s.id)).toEqual(['special']);

    const token = get<z.output<typeof TokenResponseSchema>>(
      `${R}/identity/auth-tokens-password-project.json`,
      parse(TokenResponseSchema),
    );
    expect(token.project?.id).toBe('133cd1cab6df4901b315cca41c5d894f');
    expect(token.catalog?.find((c) => c.type === 'volumev3')?.endpoints[0]?.region).toBe('RegionOne');

    const nova = get<{ id: string; maxMicroversion?: string }[]>(`${R}/compute/versions.json`, versions);
    expect(nova.find((v) => v.id === 'v2.1')?.maxMicroversion).toBe('2.93');
    const cinder = get<{ maxMicroversion?: string }[]>(`${R}/volume/versions.json`, versions);
    expect(cinder[0]?.maxMicroversion).toBe('3.70');

    type F = z.output<typeof compute.FlavorSchema>;
    expect(
      get<F[]>(`${R}/compute/flavors-detail.json`, each(compute.FlavorListSchema, 'flavors', compute.FlavorSchema))[0]
        ?.swapMb,
    ).toBe(0);
    const svc = get<{ services: { id?: string }[] }>(
      `${R}/compute/os-services.json`,
      parse(compute.ComputeServiceListSchema),
    );
    expect(svc.services.map((s) => s.id)).toEqual(['1', '2', '4']);
  });
});
