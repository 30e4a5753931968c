import { faultError, middleware401 } from '../errors.js';
import { negotiate } from '../microversion.js';
import { httpError } from '../respond.js';
import { type Ctx, type Handler, Router } from '../router.js';
import type { ServiceDef } from '../service.js';
import { deleteVolume, updateVolume, volumeAction } from './actions.js';
import { createVolume } from './create.js';
import { listVolumes, listVolumesDetail, showVolume } from './list.js';
import { listCinderServices } from './services.js';
import {
  createSnapshot,
  deleteSnapshot,
  listSnapshotsDetail,
  listSnapshotsSummary,
  showSnapshot,
} from './snapshots.js';
import { listTypes, showDefaultType, showType, typeEncryption, typeExtraSpec, typeExtraSpecs } from './types.js';
import { cinderV3, cinderVersions } from './versions.js';

/** Cinder refuses a URL whose project is not the token's: "Malformed request url". */
function scoped(handler: Handler): Handler {
  return (ctx: Ctx) => {
    if (ctx.params['project'] !== ctx.token?.projectId) throw httpError(400, 'Malformed request url');
    return handler(ctx);
  };
}

const P = '/v3/:project';
const router = new Router()
  .on('GET', '/', cinderVersions)
  .on('GET', '/v3', cinderV3)
  .on('GET', `${P}/volumes`, scoped(listVolumes))
  .on('GET', `${P}/volumes/detail`, scoped(listVolumesDetail))
  .on('POST', `${P}/volumes`, scoped(createVolume))
  .on('GET', `${P}/volumes/:id`, scoped(showVolume))
  .on('PUT', `${P}/volumes/:id`, scoped(updateVolume))
  .on('DELETE', `${P}/volumes/:id`, scoped(deleteVolume))
  .on('POST', `${P}/volumes/:id/action`, scoped(volumeAction))
  .on('GET', `${P}/types`, scoped(listTypes))
  .on('GET', `${P}/types/default`, scoped(showDefaultType))
  .on('GET', `${P}/types/:id`, scoped(showType))
  .on('GET', `${P}/types/:id/extra_specs`, scoped(typeExtraSpecs))
  .on('GET', `${P}/types/:id/extra_specs/:key`, scoped(typeExtraSpec))
  .on('GET', `${P}/types/:id/encryption`, scoped(typeEncryption))
  .on('GET', `${P}/os-services`, scoped(listCinderServices))
  .on('GET', `${P}/snapshots`, scoped(listSnapshotsSummary))
  .on('GET', `${P}/snapshots/detail`, scoped(listSnapshotsDetail))
  .on('POST', `${P}/snapshots`, scoped(createSnapshot))
  .on('GET', `${P}/snapshots/:id`, scoped(showSnapshot))
  .on('DELETE', `${P}/snapshots/:id`, scoped(deleteSnapshot));

export const cinderService: ServiceDef = {
  name: 'cinder',
  prefix: '/volume',
  router,
  isPublic: (_method, path) => path === '/' || path === '/v3' || path === '/v3/',
  prepare(ctx) {
    ctx.headers['x-openstack-request-id'] = ctx.requestId;
    ctx.headers['x-compute-request-id'] = ctx.requestId;
    ctx.headers['OpenStack-API-Version'] = 'volume 3.0';
    ctx.version = [3, 0];
  },
  afterAuth: (ctx) => negotiate(ctx, { serviceType: 'volume', min: [3, 0], max: [3, 70] }),
  renderError: (ctx, err) => faultError(ctx, err),
  unauthorized: middleware401,
};
