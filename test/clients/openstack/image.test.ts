import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collect, isOpenStackError, type OpenStack } from '../../../src/clients/openstack/index.js';
import { hasShared, SKIP_REASON } from '../../helpers/shared.js';
import { type FixtureCloud, useFixtureCloud } from './fixture-cloud.js';

const RAW_ID = '845422ce-552d-4495-bdfa-757bebc53256';
const FILE_ID = '9b21219c-206e-486b-8fe4-41ca43fd8b3a';

let cloud: FixtureCloud;
let os: OpenStack;
useFixtureCloud((c, o) => {
  cloud = c;
  os = o;
});

// Serves the real Zed cloud's captured Glance responses; SKIP_REASON says when ../shared is absent.
describe.skipIf(!hasShared)(`Glance v2 against captured responses (${SKIP_REASON})`, () => {
  it('creates an image with wire names and extra properties, and reads the queued image back', async () => {
    cloud.onCaptured('glance', 'POST', '/v2/images', 'image/image-create-queued.json');
    const image = await os.image.createImage({
      name: 'cap-raw',
      diskFormat: 'raw',
      containerFormat: 'bare',
      visibility: 'private',
      minDisk: 1,
      properties: { hw_disk_bus: 'scsi' },
    });
    const req = cloud.sent('glance', 'POST')[0]!;
    expect(req.path).toBe('/v2/images');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-auth-token']).toBe('tok-1');
    expect(req.headers['openstack-api-version']).toBeUndefined();
    expect(req.body).toEqual({
      name: 'cap-raw',
      disk_format: 'raw',
      container_format: 'bare',
      visibility: 'private',
      min_disk: 1,
      hw_disk_bus: 'scsi',
    });
    expect(image).toMatchObject({ id: RAW_ID, status: 'queued', visibility: 'shared', locations: [], stores: [] });
    expect(image.size).toBeUndefined();
    expect(image.checksum).toBeUndefined();
  });

  it('reads an image in the Cinder store: location, direct URL, stores, hashes', async () => {
    cloud.onCaptured('glance', 'GET', `/v2/images/${RAW_ID}`, 'image/image-show-cinder-store-raw.json');
    const image = await os.image.getImage(RAW_ID);
    expect(image).toMatchObject({
      status: 'active',
      diskFormat: 'raw',
      containerFormat: 'bare',
      size: 3145728,
      virtualSize: 3145728,
      hashAlgo: 'sha512',
      owner: '133cd1cab6df4901b315cca41c5d894f',
      minDisk: 0,
      minRam: 0,
      locations: [{ url: 'cinder://cinder/cd820704-8625-49b6-9733-e4a0df23ebf2', store: 'cinder' }],
      directUrl: 'cinder://cinder/cd820704-8625-49b6-9733-e4a0df23ebf2',
      stores: ['cinder'],
      properties: {},
    });
  });

  it('finds an image by id, then by exact name; none → undefined; several → an error naming their ids', async () => {
    cloud.onCaptured('glance', 'GET', `/v2/images/${FILE_ID}`, 'image/image-show-file-store.json');
    expect((await os.image.findImage(FILE_ID))?.name).toBe('cap-file');

    const listed = cloud.capturedReply('image/images-list-limit1.json').body as { images: Record<string, unknown>[] };
    const one = listed.images[0]!;
    cloud.on('glance', 'GET', '/v2/images', (req) => ({
      status: 200,
      body: {
        images:
          req.query['name'] === 'twice'
            ? [
                { ...one, name: 'twice' },
                { ...one, id: 'other', name: 'twice' },
              ]
            : [],
      },
    }));
    cloud.onCaptured('glance', 'GET', '/v2/images/00000000-0000-0000-0000-000000000000', 'image/image-show-404.json');
    expect(await os.image.findImage('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(await os.image.findImage('nothing')).toBeUndefined();
    const err = await os.image.findImage('twice').catch((e: unknown) => e);
    expect(isOpenStackError(err, 'AMBIGUOUS_NAME')).toBe(true);
    expect((err as Error).message).toContain(`${FILE_ID}, other`);
    // An id that is not found may still be a name.
    expect(
      cloud
        .sent('glance', 'GET')
        .map((r) => r.query['name'])
        .filter(Boolean),
    ).toEqual(['00000000-0000-0000-0000-000000000000', 'nothing', 'twice']);
  });

  it('follows `next` across three pages, reusing its marker', async () => {
    const first = cloud.capturedReply('image/images-list-limit1.json').body as Record<string, unknown>;
    const img = (first['images'] as Record<string, unknown>[])[0]!;
    cloud.on('glance', 'GET', '/v2/images', (req) => {
      if (!req.query['marker']) return { status: 200, body: first };
      if (req.query['marker'] === FILE_ID) {
        return { status: 200, body: { images: [{ ...img, id: 'p2' }], next: '/v2/images?limit=1&marker=p2' } };
      }
      return { status: 200, body: { images: [{ ...img, id: 'p3' }], first: '/v2/images?limit=1' } };
    });
    const ids = (await collect(os.image.listImages({ limit: 1 }))).map((i) => i.id);
    expect(ids).toEqual([FILE_ID, 'p2', 'p3']);
    expect(cloud.sent('glance').map((r) => r.query)).toEqual([
      { limit: '1' },
      { limit: '1', marker: FILE_ID },
      { limit: '1', marker: 'p2' },
    ]);
  });

  it('patches with the JSON-patch media type', async () => {
    cloud.onCaptured('glance', 'PATCH', `/v2/images/${RAW_ID}`, 'image/image-show-cinder-store-raw.json');
    await os.image.updateImage(RAW_ID, [
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'remove', path: '/x' },
    ]);
    const req = cloud.sent('glance', 'PATCH')[0]!;
    expect(req.headers['content-type']).toBe('application/openstack-images-v2.1-json-patch');
    expect(req.body).toEqual([
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'remove', path: '/x' },
    ]);
  });

  it('stages and imports: glance-direct and web-download bodies', async () => {
    cloud.on(
      'glance',
      'PUT',
      `/v2/images/${RAW_ID}/stage`,
      async (_r, incoming) => {
        for await (const _ of incoming);
        return { status: 204 };
      },
      { stream: true },
    );
    cloud.on('glance', 'POST', `/v2/images/${RAW_ID}/import`, { status: 202 });
    await os.image.stageImageData(RAW_ID, Readable.from([Buffer.from('abc')]), { size: 3 });
    await os.image.importImage(RAW_ID, { method: 'glance-direct' });
    await os.image.importImage(
      RAW_ID,
      { method: 'web-download', uri: 'http://example.test/x.img' },
      { stores: ['cinder'] },
    );
    expect(cloud.sent('glance', 'PUT')[0]?.headers['content-length']).toBe('3');
    expect(cloud.sent('glance', 'POST').map((r) => r.body)).toEqual([
      { method: { name: 'glance-direct' } },
      { method: { name: 'web-download', uri: 'http://example.test/x.img' }, stores: ['cinder'] },
    ]);
  });

  it('reads import methods and stores', async () => {
    cloud.onCaptured('glance', 'GET', '/v2/info/import', 'image/info-import.json');
    cloud.onCaptured('glance', 'GET', '/v2/info/stores', 'image/info-stores.json');
    expect((await os.image.getImportInfo()).methods).toEqual(['glance-direct', 'web-download', 'copy-image']);
    const stores = await os.image.getStoresInfo();
    expect(stores.map((s) => [s.id, s.isDefault])).toEqual([
      ['cinder', true],
      ['file', false],
    ]);
  });

  it('deletes', async () => {
    cloud.on('glance', 'DELETE', `/v2/images/${RAW_ID}`, { status: 204 });
    await os.image.deleteImage(RAW_ID);
    expect(cloud.sent('glance', 'DELETE')).toHaveLength(1);
  });
});
