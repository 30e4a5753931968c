import { afterAll, beforeAll } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';

/** A plain HTTP exchange with the emulator: status, headers and the parsed JSON body (null when empty). */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: Uint8Array | string;
}

export async function call(emu: RunningEmulator, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.token) headers['X-Auth-Token'] = opts.token;
  let body: string | Uint8Array | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers,
    body: body as string | Uint8Array<ArrayBuffer> | undefined,
  });
  const text = await res.text();
  let json: unknown = null;
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function passwordAuth(user: string, password: string, project?: string) {
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name: user, domain: { name: 'Default' }, password } } },
      ...(project ? { scope: { project: { name: project, domain: { name: 'Default' } } } } : {}),
    },
  };
}

/** A project-scoped token for the seeded admin (or member) user. */
export async function login(emu: RunningEmulator, who: 'admin' | 'member' = 'admin'): Promise<string> {
  const u = emu.users[who];
  const r = await call(emu, 'POST', '/identity/v3/auth/tokens', {
    body: passwordAuth(u.username, u.password, u.projectName),
  });
  const token = r.headers.get('x-subject-token');
  if (r.status !== 201 || !token) throw new Error(`login as ${who} failed: HTTP ${r.status} ${r.text}`);
  return token;
}

/** Polls `read` until `done` holds, returning every distinct value seen on the way (in order). */
export async function pollUntil<T>(read: () => Promise<T>, done: (v: T) => boolean, limit = 2000): Promise<T[]> {
  const seen: T[] = [];
  for (let i = 0; i < limit; i++) {
    const v = await read();
    if (seen.length === 0 || seen[seen.length - 1] !== v) seen.push(v);
    if (done(v)) return seen;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`gave up waiting; seen ${JSON.stringify(seen)}`);
}

export function field(reply: Reply, ...path: string[]): unknown {
  let v: unknown = reply.json;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

/** Raw image bytes: `size` bytes, no format's magic. */
export function rawBytes(size: number): Uint8Array {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4096) b.writeUInt32BE(i, i);
  return b;
}

/** For a describe block: an emulator (speed 0) with an admin and a member token, handed to `bind`, closed after. */
export function useEmulatorWithLogins(bind: (emu: RunningEmulator, admin: string, member: string) => void): void {
  let emu: RunningEmulator | undefined;
  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    bind(emu, await login(emu), await login(emu, 'member'));
  });
  afterAll(() => emu?.close());
}
