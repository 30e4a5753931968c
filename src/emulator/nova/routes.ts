import { faultError, middleware401 } from '../errors.js';
import { negotiate } from '../microversion.js';
import { Router } from '../router.js';
import type { ServiceDef } from '../service.js';
import { flavorExtraSpecs, listFlavors, listFlavorsDetail, showFlavor } from './flavors.js';
import { createKeypair, deleteKeypair, listKeypairs, showKeypair } from './keypairs.js';
import {
  createServer,
  deleteServer,
  listServers,
  listServersDetail,
  listVolumeAttachments,
  showServer,
} from './servers.js';
import { listNovaServices } from './services.js';
import { novaV21, novaVersions } from './versions.js';

const router = new Router()
  .on('GET', '/', novaVersions)
  .on('GET', '/v2.1', novaV21)
  .on('GET', '/v2.1/flavors', listFlavors)
  .on('GET', '/v2.1/flavors/detail', listFlavorsDetail)
  .on('GET', '/v2.1/flavors/:id', showFlavor)
  .on('GET', '/v2.1/flavors/:id/os-extra_specs', flavorExtraSpecs)
  .on('GET', '/v2.1/os-keypairs', listKeypairs)
  .on('POST', '/v2.1/os-keypairs', createKeypair)
  .on('GET', '/v2.1/os-keypairs/:name', showKeypair)
  .on('DELETE', '/v2.1/os-keypairs/:name', deleteKeypair)
  .on('GET', '/v2.1/servers', listServers)
  .on('GET', '/v2.1/servers/detail', listServersDetail)
  .on('POST', '/v2.1/servers', createServer)
  .on('GET', '/v2.1/servers/:id', showServer)
  .on('DELETE', '/v2.1/servers/:id', deleteServer)
  .on('GET', '/v2.1/servers/:id/os-volume_attachments', listVolumeAttachments)
  .on('GET', '/v2.1/os-services', listNovaServices);

const JSON_UTF8 = 'application/json; charset=UTF-8';

export const novaService: ServiceDef = {
  name: 'nova',
  prefix: '/compute',
  router,
  isPublic: (_method, path) => ['/', '/v2.1', '/v2.1/'].includes(path),
  prepare(ctx) {
    // Nova's version document (GET /) is served before its request-id middleware: no request id there.
    if (ctx.path !== '/' && ctx.path !== '') {
      ctx.headers['x-openstack-request-id'] = ctx.requestId;
      ctx.headers['x-compute-request-id'] = ctx.requestId;
    }
    ctx.version = [2, 1];
  },
  afterAuth: (ctx) =>
    negotiate(ctx, { serviceType: 'compute', min: [2, 1], max: [2, 93], legacyHeader: 'X-OpenStack-Nova-API-Version' }),
  renderError: (ctx, err) => faultError(ctx, err, JSON_UTF8),
  unauthorized: middleware401,
};
