import http from 'node:http';
import type { LightbitsCluster, LightbitsExchange } from '../../../src/emulator/lightbits/index.js';

/**
 * Exchanges Cinder's own Lightbits driver (lightos.py) had with the emulator on the box, saved by
 * test/integration/lightos-driver/ (JWT replaced by a marker, Host dropped), and replayed here without the box.
 */
export interface DriverFixture {
  description: string;
  /** The Lightbits project the volume type named (lightos:project_name). */
  project: string;
  nodes: number;
  steps: DriverStep[];
}

export type DriverStep = RecordedExchange | { action: 'failNode' | 'restoreNode'; node: number };

/** An exchange the emulator recorded, as a fixture keeps it: which node's listener took it does not matter. */
export type RecordedExchange = Omit<LightbitsExchange, 'node'>;

export const JWT_MARKER = 'Bearer <the JWT>';

/** What the driver reads of each answer (lightos.py, Zed): the rest of a body it ignores. */
export function fieldsTheDriverReads(method: string, url: string): string[] {
  const path = url.split('?')[0] ?? url;
  if (method !== 'GET' && !(method === 'POST' && /\/volumes$/.test(path))) return [];
  if (path === '/api/v2/clusterinfo') return ['UUID', 'subsystemNQN'];
  if (path === '/api/v2/nodes') return ['nodes'];
  if (method === 'POST') return ['UUID'];
  if (/\/volumes\/[^/]*$/.test(path)) return ['state', 'UUID', 'ETag', 'acl.values'];
  if (/\/snapshots\/[^/]*$/.test(path)) return ['state', 'UUID'];
  return [];
}

/** States the driver passes through while polling: a recorded one may replay as the state it settles in. */
const SETTLES_INTO: Record<string, string[]> = {
  Creating: ['Available'],
  Updating: ['Available'],
  Deleting: ['Deleted'],
  Migrating: ['Available'],
};

export interface Reply {
  status: number;
  json: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Replays the steps in order against a running emulator, mapping the recorded UUIDs to the ones this run made and
 * sending If-Match with the ETag this run last showed for that volume. A GET whose answer is still in an earlier
 * state than recorded is asked again once the cluster settled, as the driver's poll loops do.
 */
export async function replay(
  fixture: DriverFixture,
  cluster: LightbitsCluster,
  endpoint: string,
): Promise<{ step: RecordedExchange; got: Reply; problems: string[] }[]> {
  const ids = new Map<string, string>();
  const etags = new Map<string, string>();
  const out: { step: RecordedExchange; got: Reply; problems: string[] }[] = [];
  for (const step of fixture.steps) {
    if ('action' in step) {
      if (step.action === 'failNode') cluster.failNode(step.node);
      else cluster.restoreNode(step.node);
      continue;
    }
    const url = mapIds(step.url, ids);
    const body = mapIds(step.body, ids);
    const headers = { ...step.headers };
    if (headers['authorization'] === JWT_MARKER) headers['authorization'] = `Bearer ${cluster.jwt}`;
    const target = /\/volumes\/([0-9a-f-]{36})$/.exec(url)?.[1];
    if (headers['if-match'] !== undefined && target && etags.has(target)) headers['if-match'] = etags.get(target)!;
    let got = await send(endpoint, step.method, url, headers, body);
    let problems = compare(step, got);
    if (problems.length > 0 && step.method === 'GET') {
      await cluster.settled();
      got = await send(endpoint, step.method, url, headers, body);
      problems = compare(step, got);
    }
    learnIds(step.reply, got.json, ids);
    const g = got.json as Record<string, unknown> | undefined;
    if (g && typeof g['UUID'] === 'string' && typeof g['ETag'] === 'string') etags.set(g['UUID'], g['ETag']);
    out.push({ step, got, problems });
  }
  return out;
}

/** Differences in what the driver looks at: the status, and each field it reads (present, same JSON type). */
export function compare(step: RecordedExchange, got: Reply): string[] {
  const where = `${step.method} ${step.url}`;
  if (got.status !== step.status && !goneSince(step, got)) {
    return [`${where}: status ${got.status}, the driver got ${step.status}`];
  }
  if (got.status !== step.status) return [];
  const problems: string[] = [];
  for (const field of fieldsTheDriverReads(step.method, step.url)) {
    const want = pick(step.reply, field);
    const have = pick(got.json, field);
    if (typeOf(want) !== typeOf(have)) {
      problems.push(`${where}: ${field} is ${typeOf(have)}, the driver got ${typeOf(want)}`);
    } else if (field === 'state' && want !== have && !SETTLES_INTO[String(want)]?.includes(String(have))) {
      problems.push(`${where}: state ${String(have)}, the driver got ${String(want)}`);
    } else if (field === 'nodes' && Array.isArray(want) && Array.isArray(have)) {
      for (const key of ['UUID', 'nvmeEndpoint']) {
        if (have.some((n) => typeof (n as Record<string, unknown>)[key] !== 'string')) {
          problems.push(`${where}: a node without a string ${key}`);
        }
      }
    }
  }
  return problems;
}

/** A poll the driver saw still `Deleting` may find the volume or snapshot already gone: it takes both as deleted. */
function goneSince(step: RecordedExchange, got: Reply): boolean {
  return step.method === 'GET' && got.status === 404 && pick(step.reply, 'state') === 'Deleting';
}

function pick(value: unknown, path: string): unknown {
  let v = value;
  for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function mapIds(text: string, ids: Map<string, string>): string {
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => ids.get(id) ?? id);
}

/** Pairs UUIDs found at the same place in the recorded and the replayed answer. */
function learnIds(recorded: unknown, replayed: unknown, ids: Map<string, string>): void {
  if (typeof recorded === 'string' && typeof replayed === 'string') {
    if (UUID.test(recorded) && UUID.test(replayed) && !ids.has(recorded)) ids.set(recorded, replayed);
    return;
  }
  if (Array.isArray(recorded) && Array.isArray(replayed)) {
    for (const [i, r] of recorded.entries()) learnIds(r, replayed[i], ids);
    return;
  }
  if (recorded && replayed && typeof recorded === 'object' && typeof replayed === 'object') {
    for (const [k, r] of Object.entries(recorded)) learnIds(r, (replayed as Record<string, unknown>)[k], ids);
  }
}

/** Raw node:http, so the driver's own headers (an empty `Expect:` among them) go out as it sent them. */
function send(endpoint: string, method: string, url: string, headers: Record<string, string>, body: string) {
  const { host: _host, 'content-length': _length, ...rest } = headers;
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request(new URL(url, endpoint), { method, headers: rest }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = text;
        try {
          json = JSON.parse(text);
        } catch {
          // plain text (grpc-gateway's 404 for an unknown path)
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(body || undefined);
  });
}
