import { uuid } from '../ids.js';
import { httpError, isRecord, readJson, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Image } from '../state/images.js';
import { setAttribute } from './attributes.js';
import { glanceHeaders } from './info.js';
import { imageView } from './view.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** POST /v2/images → 201 `queued` (visibility defaults to `shared`), with a Location header. */
export async function createImage(ctx: Ctx): Promise<void> {
  const body = await readJson(ctx);
  if (!isRecord(body)) throw httpError(400, 'Body expected in request.');
  const token = ctx.token;
  if (!token?.projectId) throw httpError(401, 'This server could not verify that you are authorized.');
  const id = body['id'] === undefined ? uuid() : body['id'];
  if (typeof id !== 'string' || !UUID_RE.test(id)) {
    throw httpError(400, `Provided object does not match schema 'image': ${JSON.stringify(id)} is not a 'uuid'`);
  }
  if (ctx.emu.state.images.has(id)) throw httpError(409, `Image with identifier ${id} already exists!`);
  const now = new Date();
  const image: Image = {
    id,
    name: null,
    status: 'queued',
    visibility: 'shared',
    protected: false,
    osHidden: false,
    owner: token.projectId,
    diskFormat: null,
    containerFormat: null,
    minDisk: 0,
    minRam: 0,
    size: null,
    virtualSize: null,
    checksum: null,
    hashAlgo: null,
    hashValue: null,
    createdAt: now,
    updatedAt: now,
    tags: [],
    properties: {},
    store: null,
    locationUrl: null,
    volumeId: null,
    data: null,
    staged: null,
    copies: [],
  };
  for (const [field, value] of Object.entries(body)) {
    if (field !== 'id') setAttribute(ctx.emu, token, image, field, value);
  }
  ctx.emu.state.images.set(id, image);
  ctx.emu.clock.watch(image);
  sendJson(ctx, 201, imageView(image), {
    Location: `${ctx.emu.config.baseUrl}/image/v2/images/${id}`,
    ...glanceHeaders(),
  });
}
