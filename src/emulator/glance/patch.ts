import { httpError, isRecord, readJson, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import { isCoreAttribute, setAttribute } from './attributes.js';
import { findWritableImage } from './images.js';
import { imageView, touchImage } from './view.js';

const PATCH_TYPES = ['application/openstack-images-v2.1-json-patch', 'application/openstack-images-v2.0-json-patch'];

/** PATCH /v2/images/{id} with a JSON patch (add / replace / remove) on core attributes and properties. */
export async function patchImage(ctx: Ctx): Promise<void> {
  const contentType = (ctx.req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  if (!PATCH_TYPES.includes(contentType)) {
    throw httpError(415, `Unsupported Content-Type ${contentType || '(none)'}: use ${PATCH_TYPES[0]}.`, {
      headers: { 'Accept-Patch': PATCH_TYPES.join(', ') },
    });
  }
  const image = findWritableImage(ctx, ctx.params['id'] ?? '', 'modify_image');
  const ops = await readJson(ctx);
  if (!Array.isArray(ops)) throw httpError(400, 'Request body must be a JSON array of operation objects.');
  const token = ctx.token;
  if (!token) throw httpError(401, 'Authentication required.');
  for (const op of ops) {
    if (!isRecord(op) || typeof op['op'] !== 'string' || typeof op['path'] !== 'string') {
      throw httpError(400, 'Operation objects must contain exactly one member named "op" and a "path".');
    }
    const field = op['path'].replace(/^\//, '');
    if (!field || field.includes('/')) throw httpError(400, `Invalid JSON pointer for this resource: '${op['path']}'`);
    const kind = op['op'];
    if (kind === 'add' || kind === 'replace') {
      if (!('value' in op)) throw httpError(400, `Operation "${kind}" requires a member named "value".`);
      if (kind === 'replace' && !isCoreAttribute(field) && !(field in image.properties)) {
        throw httpError(409, `Property ${field} does not exist.`);
      }
      setAttribute(ctx.emu, token, image, field, op['value']);
    } else if (kind === 'remove') {
      if (isCoreAttribute(field)) throw httpError(403, `Attribute '${field}' is reserved.`);
      if (!(field in image.properties)) throw httpError(409, `Property ${field} does not exist.`);
      delete image.properties[field];
    } else throw httpError(400, `Invalid operation: "${kind}".`);
  }
  touchImage(image);
  sendJson(ctx, 200, imageView(image));
}
