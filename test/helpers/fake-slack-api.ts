import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the app made: a Web API method (`chat.postMessage`) or a post to a response_url (`response_url`). */
export interface SlackCall {
  method: string;
  /** Form fields or JSON body; JSON-encoded fields (blocks, view, attachments) are decoded. */
  body: Record<string, unknown>;
  /** Everything the call showed people (text and blocks), as one string, for assertions. */
  shown: string;
  at: number;
  /** What the fake answered (e.g. `ts` and `channel` of a posted message). */
  response: Record<string, unknown>;
  /** Which kind of token the call carried: `xoxb` (bot), `xapp` (app-level), or undefined. */
  tokenKind: string | undefined;
}

export interface FakeSlackApi {
  /** Base URL of the Web API, for SLACK_API_URL: `http://127.0.0.1:PORT/api/`. */
  url: string;
  calls: SlackCall[];
  /** A response_url the app can post to; posts are recorded with method `response_url` and body.tag = tag. */
  responseUrl(tag: string): string;
  callsTo(method: string): SlackCall[];
  /** Resolves with the first call (already made or future) that matches, or rejects after timeoutMs. */
  waitFor(pred: (c: SlackCall) => boolean, timeoutMs?: number, what?: string): Promise<SlackCall>;
  setUsergroup(id: string, users: string[]): void;
  close(): Promise<void>;
}

const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata'];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      data += c;
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function parse(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const body: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  for (const f of JSON_FIELDS) {
    if (typeof body[f] === 'string') {
      try {
        body[f] = JSON.parse(body[f] as string);
      } catch {
        // leave it as sent
      }
    }
  }
  return body;
}

export interface FakeSlackOptions {
  /** Milliseconds a Web API method takes to answer (a slow Slack), e.g. `{ 'chat.postMessage': 2500 }`. */
  delayMs?: Record<string, number>;
}

/**
 * A fake Slack Web API on loopback (node:http): records every call with its method and body, and answers
 * `ok: true` with plausible values (ts, channel, view id, user group members), as Slack would.
 */
export async function startFakeSlackApi(opts: FakeSlackOptions = {}): Promise<FakeSlackApi> {
  const calls: SlackCall[] = [];
  const waiters: { pred: (c: SlackCall) => boolean; resolve: (c: SlackCall) => void }[] = [];
  const usergroups = new Map<string, string[]>();
  let tsCounter = 0;
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;

  const answer = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    const channel = String(body['channel'] ?? '');
    // Posting to a user id goes to the app's DM with that user.
    const realChannel = /^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://test.slack.com/',
          team: 'Test',
          user: 'blockops',
          team_id: 'T_TEST',
          user_id: 'U_BOT',
          bot_id: 'B_BOT',
        };
      case 'chat.postMessage': {
        const ts = nextTs();
        return { ok: true, channel: realChannel, ts, message: { ts, text: body['text'], bot_id: 'B_BOT' } };
      }
      case 'chat.update':
        return { ok: true, channel: realChannel, ts: body['ts'], text: body['text'] };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'views.open':
        return { ok: true, view: { id: `V${++tsCounter}`, ...(body['view'] as object) } };
      case 'usergroups.users.list':
        return { ok: true, users: usergroups.get(String(body['usergroup'])) ?? [] };
      case 'users.info': {
        const id = String(body['user'] ?? '');
        return {
          ok: true,
          user: { id, name: id.toLowerCase(), real_name: `User ${id}`, profile: { display_name: id } },
        };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body['users'] ?? '').slice(1)}` } };
      default:
        return { ok: true };
    }
  };

  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const body = parse(raw, req.headers['content-type']);
    const isApi = url.pathname.startsWith('/api/');
    const method = isApi ? url.pathname.slice('/api/'.length) : 'response_url';
    if (!isApi) body['tag'] = url.pathname.replace(/^\/respond\//, '');
    const response = isApi ? answer(method, body) : { ok: true };
    const shown = JSON.stringify([body['text'] ?? '', body['blocks'] ?? '']);
    const bearer =
      /^Bearer (x[a-z]+)-/.exec(req.headers.authorization ?? '')?.[1] ??
      (body['token'] as string | undefined)?.split('-')[0];
    const call: SlackCall = { method, body, shown, at: Date.now(), response, tokenKind: bearer };
    calls.push(call);
    for (const w of [...waiters]) {
      if (w.pred(call)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
    const delay = opts.delayMs?.[method] ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${base}/api/`,
    calls,
    responseUrl: (tag) => `${base}/respond/${tag}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitFor(pred, timeoutMs = 20_000, what = 'a matching Slack call') {
      const found = calls.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i < 0) return;
          waiters.splice(i, 1);
          const seen = calls.map((c) => `${c.method} ${c.shown.slice(0, 300)}`).join('\n');
          reject(new Error(`Timed out waiting for ${what}. Calls so far:\n${seen}`));
        }, timeoutMs);
      });
    },
    setUsergroup: (id, users) => usergroups.set(id, users),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
