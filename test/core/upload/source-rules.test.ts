import { linkSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpsError } from '../../../src/core/errors/ops-error.js';
import { openImageFile } from '../../../src/core/upload/source-file.js';
import { checkImageUrl } from '../../../src/core/upload/source-url.js';
import { classifyAddress, hostListing } from '../../../src/core/upload/url-hosts.js';

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string; rule: unknown }> {
  try {
    await p;
  } catch (err) {
    if (!isOpsError(err)) throw err;
    return { code: err.code, message: err.message, rule: err.details?.['rule'] };
  }
  throw new Error('expected a refusal');
}

describe('openImageFile', () => {
  let root: string;
  let allowed: string;
  let outside: string;

  beforeAll(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'source-rules-')));
    allowed = join(root, 'images');
    outside = join(root, 'elsewhere');
    mkdirSync(join(allowed, 'sub'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(allowed, 'disk.raw'), 'raw bytes here');
    writeFileSync(join(allowed, 'empty.raw'), '');
    writeFileSync(join(outside, 'secret'), 'not for upload');
    symlinkSync(join(outside, 'secret'), join(allowed, 'escape.raw'));
    symlinkSync(join(allowed, 'disk.raw'), join(allowed, 'sub', 'inside.raw'));
    linkSync(join(outside, 'secret'), join(allowed, 'hardlink.raw'));
    writeFileSync(join(allowed, 'twice.raw'), 'raw bytes here');
    linkSync(join(allowed, 'twice.raw'), join(allowed, 'sub', 'twice-again.raw'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('opens a regular file inside an allowed directory', async () => {
    const f = await openImageFile(join(allowed, 'disk.raw'), [allowed]);
    try {
      expect(f.size).toBe('raw bytes here'.length);
      const { buffer, bytesRead } = await f.handle.read(Buffer.alloc(64), 0, 64, 0);
      expect(buffer.subarray(0, bytesRead).toString()).toBe('raw bytes here');
    } finally {
      await f.handle.close();
    }
  });

  it('accepts a symlink inside the allowed directory that points inside it', async () => {
    const f = await openImageFile(join(allowed, 'sub', 'inside.raw'), [allowed]);
    await f.handle.close();
    expect(f.realPath).toBe(join(allowed, 'disk.raw'));
  });

  it('refuses when no directory is configured, naming BLOCKOPS_IMAGE_DIRS', async () => {
    const r = await refusal(openImageFile(join(allowed, 'disk.raw'), []));
    expect(r).toMatchObject({ code: 'UPLOAD.SOURCE_REFUSED', rule: 'no_dirs' });
    expect(r.message).toContain('BLOCKOPS_IMAGE_DIRS');
  });

  it('refuses a relative path', async () => {
    const r = await refusal(openImageFile('images/disk.raw', [allowed]));
    expect(r).toMatchObject({ rule: 'relative' });
    expect(r.message).toContain(`Allowed directories: ${allowed}`);
  });

  it('refuses ".." segments even when they lead back inside', async () => {
    const r = await refusal(openImageFile(join(allowed, 'sub') + '/../disk.raw', [allowed]));
    expect(r).toMatchObject({ rule: 'dot_segments' });
  });

  it('refuses a symlink that points out of the allowed directory, saying where it leads', async () => {
    const r = await refusal(openImageFile(join(allowed, 'escape.raw'), [allowed]));
    expect(r).toMatchObject({ rule: 'outside' });
    expect(r.message).toContain(join(outside, 'secret'));
    expect(r.message).toContain(allowed);
  });

  it('refuses a file outside every allowed directory', async () => {
    const r = await refusal(openImageFile(join(outside, 'secret'), [allowed, join(root, 'missing')]));
    expect(r).toMatchObject({ rule: 'outside' });
    expect(r.message).toContain(`${allowed}, ${join(root, 'missing')}`);
  });

  it('refuses a directory', async () => {
    const r = await refusal(openImageFile(join(allowed, 'sub'), [allowed]));
    expect(r).toMatchObject({ rule: 'not_regular' });
    expect(r.message).toContain('a directory');
  });

  it('refuses an empty file', async () => {
    expect(await refusal(openImageFile(join(allowed, 'empty.raw'), [allowed]))).toMatchObject({ rule: 'empty' });
  });

  it('refuses a hard link to a file outside the allowed directory, explaining why and what to do', async () => {
    const r = await refusal(openImageFile(join(allowed, 'hardlink.raw'), [allowed]));
    expect(r).toMatchObject({ code: 'UPLOAD.SOURCE_REFUSED', rule: 'hard_link' });
    expect(r.message).toMatch(/has 2 hard links/);
    expect(r.message).toMatch(/outside/);
    expect(r.message).toMatch(/copy/i);
  });

  it('refuses any file with more than one link, even when both names are inside', async () => {
    expect(await refusal(openImageFile(join(allowed, 'twice.raw'), [allowed]))).toMatchObject({ rule: 'hard_link' });
  });

  it('refuses the allowed directory itself and a missing file', async () => {
    expect(await refusal(openImageFile(allowed, [allowed]))).toMatchObject({ rule: 'outside' });
    expect(await refusal(openImageFile(join(allowed, 'nope.raw'), [allowed]))).toMatchObject({ rule: 'not_found' });
  });
});

describe('image URLs', () => {
  it('classifies link-local and metadata addresses as metadata, in every spelling', () => {
    for (const host of [
      '169.254.169.254',
      '[fe80::1]',
      'fe80::1%eth0',
      '[::ffff:169.254.169.254]',
      '[::ffff:a9fe:a9fe]',
      '0:0:0:0:0:ffff:a9fe:a9fe',
      '::169.254.169.254',
      '64:ff9b::a9fe:a9fe',
      '[fd00:ec2::254]',
      'fd00:ec2:0:0:0:0:0:254',
      'FD00:0EC2::0254',
      '100.100.100.200',
    ]) {
      expect(classifyAddress(host).kind, host).toBe('metadata');
    }
  });

  it('classifies loopback, private, unique local and other special ranges as internal', () => {
    for (const host of [
      '127.0.0.1',
      '127.1.2.3',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.254',
      '192.168.1.1',
      '0.0.0.0',
      '100.64.0.1',
      '[::1]',
      '::',
      'fd12:3456::1',
      'fc00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.1.2.3',
      '224.0.0.1',
      'not-an-address',
    ]) {
      expect(classifyAddress(host).kind, host).toBe('internal');
    }
    expect(classifyAddress('127.0.0.1')).toMatchObject({ reason: expect.stringMatching(/loopback/) });
    expect(classifyAddress('192.168.1.1')).toMatchObject({ reason: expect.stringMatching(/private/) });
  });

  it('classifies globally routed addresses as public', () => {
    for (const host of ['8.8.8.8', '172.32.0.1', '2001:4860:4860::8888', '[2a00:1450::1]', '::ffff:8.8.4.4']) {
      expect(classifyAddress(host).kind, host).toBe('public');
    }
  });

  it("matches a URL's host against image_hosts: by name or address, with or without a port", () => {
    const hosts = ['mirror.internal', '127.0.0.1:8080', '[::1]:9000'];
    expect(hostListing(new URL('http://MIRROR.internal:1234/x'), hosts)).toBe('listed');
    expect(hostListing(new URL('http://127.0.0.1:8080/x'), hosts)).toBe('listed');
    expect(hostListing(new URL('http://127.0.0.1:8081/x'), hosts)).toBe('unlisted');
    expect(hostListing(new URL('http://[::1]:9000/x'), hosts)).toBe('listed');
    expect(hostListing(new URL('http://localhost:8080/x'), hosts)).toBe('unlisted');
    expect(hostListing(new URL('https://images.example.com/x'), [...hosts, '*'])).toBe('any');
    expect(hostListing(new URL('https://mirror.internal/x'), ['mirror.internal:443'])).toBe('listed');
  });

  it('refuses other schemes, metadata and internal addresses, and unlisted hosts, with a clear message', () => {
    expect(() => checkImageUrl('ftp://host/x.img')).toThrow(/ftp URLs are not accepted/);
    expect(() => checkImageUrl('http://169.254.169.254/latest/meta-data/')).toThrow(/link-local/);
    expect(() => checkImageUrl('http://[fd00:ec2:0:0:0:0:0:254]/latest/')).toThrow(/metadata/);
    for (const url of ['http://127.0.0.1:9100/metrics', 'http://10.1.2.3/x', 'http://[fd00::1]/x', 'http://[::1]/x']) {
      expect(() => checkImageUrl(url), url).toThrow(/UPLOAD.HOST_NOT_ALLOWED|image_hosts/);
    }
    expect(() => checkImageUrl('http://127.0.0.1:9100/metrics')).toThrow(
      /loopback.*add "127\.0\.0\.1:9100" to image_hosts/,
    );
    expect(checkImageUrl('http://127.0.0.1:9100/disk.raw', ['127.0.0.1:9100']).port).toBe('9100');
    expect(() => checkImageUrl('http://169.254.169.254/x', ['169.254.169.254'])).toThrow(/link-local/);
    expect(() => checkImageUrl('https://images.example.com/x.raw', ['mirror.internal'])).toThrow(
      /images\.example\.com:443 is not among the image hosts the policy allows \(image_hosts: mirror\.internal\)/,
    );
    expect(checkImageUrl('https://images.example.com/x.raw').hostname).toBe('images.example.com');
  });
});
