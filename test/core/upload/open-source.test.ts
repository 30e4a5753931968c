import { randomBytes } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadRefusedError, openDownload } from '../../../src/clients/download.js';
import { isOpsError } from '../../../src/core/errors/ops-error.js';
import { openSource } from '../../../src/core/upload/open-source.js';

const data = randomBytes(200_000);
const gz = gzipSync(Buffer.from('hello '.repeat(1000)));

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    stream,
    new Writable({
      write(c, _e, done) {
        out.push(c);
        done();
      },
    }),
  );
  return Buffer.concat(out);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return isOpsError(err)
      ? `${err.code}:${String(err.details?.['rule'] ?? err.details?.['status'] ?? '')}`
      : String(err);
  }
  return 'resolved';
}

describe('openSource', () => {
  let server: Server;
  let base: string;
  let dir: string;
  /** The policy naming this test's loopback server, as an operator names a trusted image server. */
  let hosts: string[];

  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'open-source-')));
    writeFileSync(join(dir, 'disk.raw'), data);
    server = createServer((req, res) => {
      if (req.url === '/disk.raw') {
        res.writeHead(200, { 'Content-Length': data.length, 'Content-Type': 'application/octet-stream' });
        res.end(data);
      } else if (req.url === '/chunked') {
        res.writeHead(200);
        res.write(data.subarray(0, 1000));
        res.end(data.subarray(1000));
      } else if (req.url === '/gzip') {
        res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': gz.length });
        res.end(gz);
      } else if (req.url === '/moved') {
        res.writeHead(302, { Location: '/disk.raw' });
        res.end();
      } else if (req.url === '/to-metadata') {
        res.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
      } else if (req.url === '/to-localhost') {
        res.writeHead(302, { Location: `http://localhost:${new URL(base).port}/disk.raw` });
        res.end();
      } else if (req.url === '/to-private') {
        res.writeHead(307, { Location: 'http://10.0.0.1/disk.raw' });
        res.end();
      } else if (req.url === '/broken') {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('secret internal stack trace');
      } else if (req.url === '/stall') {
        res.writeHead(200, { 'Content-Length': 100_000 });
        res.write(data.subarray(0, 70_000));
      } else {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('no such image');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    hosts = [new URL(base).host];
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens a file with its head, tail and every byte', async () => {
    const s = await openSource(join(dir, 'disk.raw'), { imageDirs: [dir] });
    expect(s).toMatchObject({ kind: 'file', size: data.length });
    expect(s.head.equals(data.subarray(0, 65_536))).toBe(true);
    expect(s.tail?.equals(data.subarray(-512))).toBe(true);
    expect((await readAll(s.stream)).equals(data)).toBe(true);
  });

  it('downloads a URL: size from Content-Length, head peeked, nothing lost', async () => {
    const s = await openSource(`${base}/disk.raw`, { imageDirs: [], imageHosts: hosts });
    expect(s).toMatchObject({ kind: 'url', size: data.length, tail: undefined, label: `${base}/disk.raw` });
    expect(s.head.equals(data.subarray(0, s.head.length))).toBe(true);
    expect((await readAll(s.stream)).equals(data)).toBe(true);
  });

  it('follows a redirect, and has no size without Content-Length', async () => {
    expect((await openSource(`${base}/moved`, { imageDirs: [], imageHosts: hosts })).size).toBe(data.length);
    const chunked = await openSource(`${base}/chunked`, { imageDirs: [], imageHosts: hosts });
    expect(chunked.size).toBeUndefined();
    expect((await readAll(chunked.stream)).equals(data)).toBe(true);
  });

  it('keeps the bytes as sent, never decompressing them', async () => {
    const s = await openSource(`${base}/gzip`, { imageDirs: [], imageHosts: hosts });
    expect((await readAll(s.stream)).equals(gz)).toBe(true);
  });

  it('refuses a redirect to the metadata address, and says why', async () => {
    expect(await codeOf(openSource(`${base}/to-metadata`, { imageDirs: [], imageHosts: hosts }))).toBe(
      'UPLOAD.SOURCE_REFUSED:metadata_address',
    );
  });

  it('turns an HTTP error into UPLOAD.SOURCE_UNREADABLE with the status', async () => {
    expect(await codeOf(openSource(`${base}/missing.raw`, { imageDirs: [], imageHosts: hosts }))).toBe(
      'UPLOAD.SOURCE_UNREADABLE:404',
    );
  });

  it('refuses a loopback URL unless the policy names its host and port', async () => {
    expect(await codeOf(openSource(`${base}/disk.raw`, { imageDirs: [] }))).toBe(
      'UPLOAD.HOST_NOT_ALLOWED:internal_address',
    );
    expect(await codeOf(openSource(`${base}/disk.raw`, { imageDirs: [], imageHosts: ['127.0.0.1:1'] }))).toBe(
      'UPLOAD.HOST_NOT_ALLOWED:host_not_listed',
    );
  });

  it('checks the address a name resolves to when connecting: localhost is loopback', async () => {
    const viaName = `http://localhost:${new URL(base).port}/disk.raw`;
    expect(await codeOf(openSource(viaName, { imageDirs: [], imageHosts: ['*'] }))).toBe(
      'UPLOAD.HOST_NOT_ALLOWED:internal_address',
    );
    const s = await openSource(viaName, { imageDirs: [], imageHosts: [`localhost:${new URL(base).port}`] });
    expect((await readAll(s.stream)).equals(data)).toBe(true);
  });

  it('checks every redirect again: to an unlisted name on loopback, or to a private address', async () => {
    expect(await codeOf(openSource(`${base}/to-localhost`, { imageDirs: [], imageHosts: ['*', ...hosts] }))).toBe(
      'UPLOAD.HOST_NOT_ALLOWED:internal_address',
    );
    expect(await codeOf(openSource(`${base}/to-private`, { imageDirs: [], imageHosts: ['*', ...hosts] }))).toBe(
      'UPLOAD.HOST_NOT_ALLOWED:internal_address',
    );
    expect(await codeOf(openSource(`${base}/to-localhost`, { imageDirs: [], imageHosts: hosts }))).toBe(
      'UPLOAD.HOST_NOT_ALLOWED:host_not_listed',
    );
  });

  it("reports a server error by its status, never repeating the page's body", async () => {
    const err = await openSource(`${base}/broken`, { imageDirs: [], imageHosts: hosts }).catch((e: unknown) => e);
    expect(isOpsError(err) && err.code).toBe('UPLOAD.SOURCE_UNREADABLE');
    expect(String((err as Error).message)).toMatch(/HTTP 500/);
    expect(JSON.stringify({ m: (err as Error).message, c: String((err as Error).cause) })).not.toContain('secret');
  });

  it('refuses a name that resolves to a forbidden address', async () => {
    const port = new URL(base).port;
    const refuse = (a: string) => (a === '127.0.0.1' || a === '::1' ? 'loopback, for this test' : undefined);
    await expect(openDownload(`http://localhost:${port}/disk.raw`, { refuseAddress: refuse })).rejects.toBeInstanceOf(
      DownloadRefusedError,
    );
  });

  it('fails a download that stalls', async () => {
    const d = await openDownload(`${base}/stall`, { timeoutMs: 300 });
    await expect(readAll(d.stream)).rejects.toThrow(/stalled/);
  });
});
