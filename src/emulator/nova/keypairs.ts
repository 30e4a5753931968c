import { atLeast } from '../microversion.js';
import { httpError, isoSeconds, isRecord, readJson, sendEmpty, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Keypair } from '../state/compute.js';
import { keypairKey } from '../state/index.js';
import { fingerprint, generateKeypair } from './ssh-keys.js';

function userId(ctx: Ctx): string {
  return ctx.token?.userId ?? '';
}

function find(ctx: Ctx): Keypair {
  const name = ctx.params['name'] ?? '';
  const kp = ctx.emu.state.keypairs.get(keypairKey(userId(ctx), name));
  if (!kp) throw httpError(404, `Keypair ${name} not found for user ${userId(ctx)}`);
  return kp;
}

function brief(ctx: Ctx, kp: Keypair): Record<string, unknown> {
  const v: Record<string, unknown> = { fingerprint: kp.fingerprint, name: kp.name, public_key: kp.publicKey };
  if (atLeast(ctx, 2, 2)) v['type'] = kp.type;
  return v;
}

export function listKeypairs(ctx: Ctx): void {
  const mine = [...ctx.emu.state.keypairs.values()].filter((k) => k.userId === userId(ctx));
  sendJson(ctx, 200, { keypairs: mine.map((k) => ({ keypair: brief(ctx, k) })) });
}

export function showKeypair(ctx: Ctx): void {
  const kp = find(ctx);
  sendJson(ctx, 200, {
    keypair: {
      ...brief(ctx, kp),
      created_at: isoSeconds(kp.createdAt),
      deleted: false,
      deleted_at: null,
      id: kp.id,
      updated_at: null,
      user_id: kp.userId,
    },
  });
}

export async function createKeypair(ctx: Ctx): Promise<void> {
  const body = await readJson(ctx);
  const k = isRecord(body) && isRecord(body['keypair']) ? body['keypair'] : undefined;
  const name = k?.['name'];
  if (typeof name !== 'string' || !/^[a-zA-Z0-9 _.@-]{1,255}$/.test(name)) {
    throw httpError(
      400,
      `Invalid input for field/attribute name. Value: ${String(name)}. Keypair name must be 1-255 letters, digits, spaces, '_', '-', '.' or '@'.`,
    );
  }
  if (ctx.emu.state.keypairs.has(keypairKey(userId(ctx), name))) {
    throw httpError(409, `Key pair '${name}' already exists.`);
  }
  let publicKey = typeof k?.['public_key'] === 'string' ? (k['public_key'] as string) : undefined;
  let privateKey: string | undefined;
  if (publicKey === undefined) {
    if (atLeast(ctx, 2, 92))
      throw httpError(400, "Invalid input for field/attribute keypair. 'public_key' is a required property");
    ({ publicKey, privateKey } = generateKeypair('Generated-by-Nova'));
  }
  const fp = fingerprint(publicKey);
  if (!fp) throw httpError(400, 'Keypair data is invalid: failed to generate fingerprint');
  const kp: Keypair = {
    id: ++ctx.emu.state.counters.keypair,
    name,
    userId: userId(ctx),
    publicKey,
    fingerprint: fp,
    type: k?.['type'] === 'x509' ? 'x509' : 'ssh',
    createdAt: new Date(),
  };
  ctx.emu.state.keypairs.set(keypairKey(kp.userId, name), kp);
  const view: Record<string, unknown> = { ...brief(ctx, kp), user_id: kp.userId };
  if (privateKey) view['private_key'] = privateKey;
  sendJson(ctx, atLeast(ctx, 2, 2) ? 201 : 200, { keypair: view });
}

export function deleteKeypair(ctx: Ctx): void {
  const kp = find(ctx);
  ctx.emu.state.keypairs.delete(keypairKey(kp.userId, kp.name));
  sendEmpty(ctx, atLeast(ctx, 2, 2) ? 204 : 202);
}
