import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mount } from '../../src/server/mount.js';
import { type RunningServer, serve } from '../../src/server/serve.js';
import { type EmulatedApp, startEmulatedApp } from '../helpers/emulated-app.js';

/** A door with routes that fail the ways a door's code can: a bug (TypeError) and a client's error (http-errors). */
const faultyDoor: Mount = async (web) => {
  web.get('/faulty/bug', () => {
    const o = undefined as unknown as { field: { x: number } };
    void o.field.x; // throws a TypeError whose stack names this file
  });
  web.get('/faulty/async', async () => {
    throw new Error(`could not open ${import.meta.filename}`);
  });
  web.get('/faulty/client', () => {
    throw Object.assign(new Error('request aborted'), { status: 400, expose: true });
  });
  return undefined;
};

describe('blockops serve answers every unhandled error with JSON, never an HTML page with a stack', () => {
  let env: EmulatedApp;
  let server: RunningServer;

  beforeAll(async () => {
    env = await startEmulatedApp();
    server = await serve(env.app, { host: '127.0.0.1', port: 0, mounts: [faultyDoor] });
  });
  afterAll(async () => {
    await server?.close();
    await env?.close();
  });

  async function get(path: string) {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  }

  it.each([
    ['/faulty/bug', 500],
    ['/faulty/async', 500],
    ['/faulty/client', 400],
  ])('%s → %i as JSON, without a stack or a path', async (path, status) => {
    const r = await get(path);
    expect(r.status).toBe(status);
    expect(r.type).toMatch(/^application\/json/);
    expect(r.body).not.toMatch(/<html|<pre|TypeError|\bat \S+ \(|json-errors\.test|\/work\//);
    expect(JSON.parse(r.body)).toEqual({ error: expect.any(String) });
  });
});
