import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpsError } from '../../../src/core/errors/ops-error.js';
import { openImageFile } from '../../../src/core/upload/source-file.js';
import { checkImageUrl, forbiddenAddressReason } from '../../../src/core/upload/source-url.js';

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

  it('refuses the allowed directory itself and a missing file', async () => {
    expect(await refusal(openImageFile(allowed, [allowed]))).toMatchObject({ rule: 'outside' });
    expect(await refusal(openImageFile(join(allowed, 'nope.raw'), [allowed]))).toMatchObject({ rule: 'not_found' });
  });
});

describe('image URLs', () => {
  it('refuses link-local and metadata addresses, in every spelling', () => {
    for (const host of ['169.254.169.254', '[fe80::1]', '[::ffff:169.254.169.254]', '[fd00:ec2::254]']) {
      expect(forbiddenAddressReason(host), host).toBeDefined();
    }
    for (const host of ['127.0.0.1', '10.0.0.1', 'images.example.com', '[::1]', '[fec0::1]']) {
      expect(forbiddenAddressReason(host), host).toBeUndefined();
    }
  });

  it('refuses other schemes and metadata URLs with a clear message', () => {
    expect(() => checkImageUrl('ftp://host/x.img')).toThrow(/ftp URLs are not accepted/);
    expect(() => checkImageUrl('http://169.254.169.254/latest/meta-data/')).toThrow(/link-local/);
    expect(checkImageUrl('https://images.example.com/x.raw').hostname).toBe('images.example.com');
  });
});
