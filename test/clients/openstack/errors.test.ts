import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/clients/api-error.js';
import { collect, createOpenStack, type OpenStack } from '../../../src/clients/openstack/index.js';
import { hasShared, SKIP_REASON } from '../../helpers/shared.js';
import { PROJECT_ID } from './cloud-docs.js';
import { FixtureCloud } from './fixture-cloud.js';

const NIL = '00000000-0000-0000-0000-000000000000';
const IMAGE_ID = '845422ce-552d-4495-bdfa-757bebc53256';

let cloud: FixtureCloud;
let os: OpenStack;
beforeEach(async () => {
  cloud = await FixtureCloud.start();
  os = createOpenStack(cloud.options());
});
afterEach(async () => {
  cloud.assertWellFormed();
  await cloud.close();
});

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

// Each service's captured error answers; SKIP_REASON says when ../shared is absent.
describe.skipIf(!hasShared)(`error bodies of each service become ApiError (${SKIP_REASON})`, () => {
  it('Keystone {"error": {…}}', async () => {
    const bad = createOpenStack(
      cloud.options({ auth: { type: 'password', username: 'a', password: 'wrong', userDomainName: 'Default' } }),
    );
    const e = await apiError(bad.session.authenticate());
    expect([e.service, e.status, e.requestId]).toEqual(['keystone', 401, 'req-eb1cf6ae-f7f0-407f-9ff0-5f593df07744']);
    expect(e.serviceMessage).toBe('The request you have made requires authentication.');
  });

  it('Glance {"code", "message" with <br />, "title"}: 404, 409, 400 and 401', async () => {
    cloud.onCaptured('glance', 'GET', `/v2/images/${NIL}`, 'image/image-show-404.json');
    cloud.onCaptured('glance', 'PUT', `/v2/images/${IMAGE_ID}/file`, 'image/image-upload-409-active.json');
    cloud.onCaptured('glance', 'POST', '/v2/images', 'image/image-create-400-bad-format.json');
    const notFound = await apiError(os.image.getImage(NIL));
    expect([notFound.service, notFound.status, notFound.requestId]).toEqual([
      'glance',
      404,
      'req-a05850ac-909b-459a-97b3-4da57d0fcc89',
    ]);
    expect(notFound.serviceMessage).toBe(`No image found with ID ${NIL}`);
    expect(notFound.message).toContain(`/v2/images/${NIL}`);

    const conflict = await apiError(os.image.uploadImageData(IMAGE_ID, Readable.from([Buffer.from('x')]), { size: 1 }));
    expect([conflict.status, conflict.requestId]).toEqual([409, 'req-87f9e0f6-d094-43da-bc4e-b9fc2ac60588']);
    expect(conflict.serviceMessage).toBe('Image status transition from active to saving is not allowed');

    const bad = await apiError(os.image.createImage({ name: 'x', diskFormat: 'nope', containerFormat: 'bare' }));
    expect([bad.status, bad.requestId]).toEqual([400, 'req-c075b7fb-0049-4a13-b245-caced629ac12']);
    expect(bad.serviceMessage).toMatch(/^Provided object does not match schema 'image': 'nope' is not one of/);

    cloud.on('glance', 'GET', '/v2/images', (req) => {
      cloud.validTokens.delete(String(req.headers['x-auth-token']));
      return cloud.capturedReply('image/images-list-bad-token.json');
    });
    const unauthorized = await apiError(collect(os.image.listImages()));
    expect([unauthorized.status, unauthorized.requestId]).toEqual([401, undefined]);
    expect(unauthorized.serviceMessage).toMatch(/^This server could not verify that you are authorized/);
  });

  it('Cinder {"itemNotFound" | "badRequest": {code, message}}', async () => {
    cloud.onCaptured('cinder', 'GET', `/v3/${PROJECT_ID}/volumes/${NIL}`, 'volume/volume-show-404.json');
    cloud.onCaptured('cinder', 'POST', `/v3/${PROJECT_ID}/volumes`, 'volume/volume-create-400.json');
    const notFound = await apiError(os.volume.getVolume(NIL));
    expect([notFound.service, notFound.status, notFound.requestId]).toEqual([
      'cinder',
      404,
      'req-b06e0522-6002-4318-93b7-3daefeae709c',
    ]);
    expect(notFound.serviceMessage).toBe(`Volume ${NIL} could not be found.`);
    const bad = await apiError(os.volume.createVolume({ size: -1, name: 'x' }));
    expect([bad.status, bad.requestId]).toEqual([400, 'req-325cabd8-1726-4ce5-b7cc-3b792c00d919']);
    expect(bad.serviceMessage).toBe(
      'Invalid input for field/attribute size. Value: -1. -1 is less than the minimum of 1',
    );
  });

  it('Nova {"itemNotFound" | "badRequest": {code, message}}', async () => {
    cloud.onCaptured('nova', 'GET', `/v2.1/servers/${NIL}`, 'compute/server-show-404.json');
    cloud.onCaptured('nova', 'POST', '/v2.1/servers', 'compute/server-create-400-bad-flavor.json');
    const notFound = await apiError(os.compute.getServer(NIL));
    expect([notFound.service, notFound.status, notFound.requestId]).toEqual([
      'nova',
      404,
      'req-c0e22eaa-9b70-45b4-bd44-d1e1c647e17c',
    ]);
    expect(notFound.serviceMessage).toBe(`Instance ${NIL} could not be found.`);
    const bad = await apiError(
      os.compute.createServer({ name: 'x', flavorRef: 'no-such-flavor', bootVolumeId: NIL, networks: 'none' }),
    );
    expect([bad.status, bad.requestId]).toEqual([400, 'req-f5b690f4-dcc7-4f14-a2e6-c640b5d077ee']);
    expect(bad.serviceMessage).toBe('Flavor no-such-flavor could not be found.');
  });
});
