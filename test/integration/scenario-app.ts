import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type App, createApp } from '../../src/app/app.js';
import type { RequestView } from '../../src/core/engine/request-view.js';
import type { Actor } from '../../src/core/people/actor.js';
import { withApprovers } from '../helpers/approvers.js';
import { makeQcow2Image, makeRawImage } from '../helpers/images.js';
import { sandbox } from '../helpers/sandbox.js';
import type { Target } from './target.js';

export const bob: Actor = { id: 'bob', via: 'cli' };
export const alice: Actor = { id: 'alice', via: 'cli' };

// biome-ignore lint/suspicious/noExplicitAny: operation outputs are checked field by field
export type Out = any;

/** blockops (default policy: bob asks, alice approves) on a SQLite file, pointed at a target by its OS_* only. */
export interface ScenarioApp {
  app: App;
  dir: string;
  /** The environment a spawned `blockops` gets: the target's OS_* plus this run's database and image folder. */
  env: Record<string, string>;
  raw: string;
  qcow2: string;
  /** Put in every name this run creates, so leftovers of an earlier run on the box never make names ambiguous. */
  tag: string;
  approved(op: string, input: Record<string, unknown>): Promise<Out>;
  /** Asks and approves; returns the request's final view whatever its outcome. */
  attempt(op: string, input: Record<string, unknown>): Promise<RequestView>;
  read(op: string, input: Record<string, unknown>): Promise<Out>;
  /** Every successful operation output, by operation name, for comparing blockops' answers across targets. */
  outputs: Record<string, unknown[]>;
  close(): Promise<void>;
}

export async function startScenarioApp(target: Target): Promise<ScenarioApp> {
  const sb = await sandbox(`blockops-it-${target.name}-`);
  const raw = join(sb.imagesDir, 'disk.raw');
  const qcow2 = join(sb.imagesDir, 'disk.qcow2');
  makeRawImage(raw, 6 * 1024 * 1024);
  makeQcow2Image(qcow2, 64 * 1024 * 1024);
  const env = {
    ...target.env,
    DATABASE_URL: sb.databaseUrl,
    BLOCKOPS_IMAGE_DIRS: sb.imagesDir,
    BLOCKOPS_POLICY: await sb.writePolicy(withApprovers(['alice'])),
    // Real Zed Cinder downloads a non-raw image to a temporary file while the volume is still `creating`, and shows
    // `downloading` only while it writes the converted image (0.3 s for 64 MiB here). Without Lightbits, blockops
    // tells a copy from a clone by seeing that status: its default 1 s poll missed it here once in a few runs.
    BLOCKOPS_POLL_MS: target.name === 'emulator' ? '20' : '100',
  };
  const app = await createApp(await sb.load(env));
  const outputs: Record<string, unknown[]> = {};
  const keep = (op: string, output: unknown) => {
    outputs[op] = [...(outputs[op] ?? []), output];
    return output;
  };
  const attempt = async (op: string, input: Record<string, unknown>): Promise<RequestView> => {
    const asked = await app.gateway.run(op, input, bob);
    if (asked.status !== 'pending_approval') throw new Error(`${op} should wait for approval under the default policy`);
    const done = await app.gateway.run('approve_request', { request_id: asked.request.request_id }, alice);
    return (done as { output: RequestView }).output;
  };
  return {
    app,
    dir: sb.root,
    env,
    raw,
    qcow2,
    tag: `it${randomBytes(3).toString('hex')}`,
    attempt,
    outputs,
    async approved(op, input) {
      const view = await attempt(op, input);
      if (view.status !== 'succeeded') throw new Error(`${op} ${view.status}: ${JSON.stringify(view.error)}`);
      return keep(op, view.result);
    },
    async read(op, input) {
      const r = await app.gateway.run(op, input, bob);
      if (r.status !== 'succeeded') throw new Error('reads never wait for approval');
      return keep(op, r.output);
    },
    async close() {
      await app.close();
      await sb.cleanup();
    },
  };
}
