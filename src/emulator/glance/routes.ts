import { glanceError } from '../errors.js';
import { httpError } from '../respond.js';
import { Router } from '../router.js';
import type { ServiceDef } from '../service.js';
import { deactivateImage, reactivateImage } from './actions.js';
import { createImage } from './create.js';
import { deleteImage, listImages, showImage } from './images.js';
import { importImage } from './import.js';
import { glanceV2, glanceVersions, imageSchema, infoImport, infoStores, infoStoresDetail } from './info.js';
import { addMember, listMembers, updateMember } from './members.js';
import { patchImage } from './patch.js';
import { downloadImage, stageImage, uploadImage } from './upload.js';

const router = new Router()
  .on('GET', '/', glanceVersions)
  .on('GET', '/versions', glanceV2)
  .on('GET', '/v2', glanceV2)
  .on('GET', '/v2/images', listImages)
  .on('POST', '/v2/images', createImage)
  .on('GET', '/v2/images/:id', showImage)
  .on('PATCH', '/v2/images/:id', patchImage)
  .on('DELETE', '/v2/images/:id', deleteImage)
  .on('PUT', '/v2/images/:id/file', uploadImage)
  .on('GET', '/v2/images/:id/file', downloadImage)
  .on('PUT', '/v2/images/:id/stage', stageImage)
  .on('POST', '/v2/images/:id/import', importImage)
  .on('GET', '/v2/images/:id/members', listMembers)
  .on('POST', '/v2/images/:id/members', addMember)
  .on('PUT', '/v2/images/:id/members/:member', updateMember)
  .on('POST', '/v2/images/:id/actions/deactivate', deactivateImage)
  .on('POST', '/v2/images/:id/actions/reactivate', reactivateImage)
  .on('GET', '/v2/info/import', infoImport)
  .on('GET', '/v2/info/stores', infoStores)
  .on('GET', '/v2/info/stores/detail', infoStoresDetail)
  .on('GET', '/v2/schemas/image', imageSchema);

const UNAUTHORIZED =
  'This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.';

export const glanceService: ServiceDef = {
  name: 'glance',
  prefix: '/image',
  router,
  isPublic: (_method, path) => ['/', '/versions', '/v2', '/v2/'].includes(path),
  prepare(ctx) {
    ctx.headers['X-Openstack-Request-Id'] = ctx.requestId;
  },
  renderError: glanceError,
  unauthorized: (ctx) => glanceError(ctx, httpError(401, UNAUTHORIZED)),
};
