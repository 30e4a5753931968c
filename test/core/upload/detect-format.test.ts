import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat, HEAD_BYTES } from '../../../src/core/upload/detect-format.js';
import { checkDeclaredFormat } from '../../../src/core/upload/format-check.js';
import { hasQemuImg } from '../../helpers/qemu-img.js';

const MiB = 1024 * 1024;

function header(size = 4096): Buffer {
  return Buffer.alloc(size);
}

describe('detectFormat from hand-built headers', () => {
  it('reads qcow2 and its big-endian virtual size at offset 24', () => {
    const h = header();
    h.write('QFI\xfb', 0, 'latin1');
    h.writeUInt32BE(3, 4);
    h.writeBigUInt64BE(BigInt(10 * 1024 ** 3), 24);
    expect(detectFormat(h)).toMatchObject({ format: 'qcow2', virtualSize: 10 * 1024 ** 3 });
  });

  it('reads a sparse vmdk and its capacity in sectors', () => {
    const h = header();
    h.write('KDMV', 0, 'latin1');
    h.writeBigUInt64LE(2048n, 12);
    expect(detectFormat(h)).toMatchObject({ format: 'vmdk', virtualSize: MiB });
  });

  it('recognises a vmdk text descriptor', () => {
    const h = Buffer.from('# Disk DescriptorFile\nversion=1\ncreateType="monolithicFlat"\n');
    expect(detectFormat(h).format).toBe('vmdk');
  });

  it('recognises vhdx by its identity at offset 0', () => {
    const h = header();
    h.write('vhdxfile', 0, 'latin1');
    expect(detectFormat(h).format).toBe('vhdx');
  });

  it('recognises a dynamic vhd by the footer copy at offset 0', () => {
    const h = header(512);
    h.write('conectix', 0, 'latin1');
    h.writeBigUInt64BE(BigInt(20 * MiB), 48);
    expect(detectFormat(h)).toMatchObject({ format: 'vhd', virtualSize: 20 * MiB });
  });

  it('recognises a fixed vhd only from its footer at the end', () => {
    const data = header(8192);
    const footer = data.subarray(data.length - 512);
    footer.write('conectix', 0, 'latin1');
    footer.writeBigUInt64BE(BigInt(7680), 48);
    const head = data.subarray(0, HEAD_BYTES);
    expect(detectFormat(head, data.subarray(-512))).toMatchObject({ format: 'vhd', virtualSize: 7680, tailSeen: true });
    expect(detectFormat(head)).toMatchObject({ format: 'raw', tailSeen: false });
  });

  it('reads vdi by the little-endian signature at 0x40 and its size at 0x170', () => {
    const h = header(512);
    h.writeUInt32LE(0xbeda107f, 0x40);
    h.writeBigUInt64LE(BigInt(64 * MiB), 0x170);
    expect(detectFormat(h)).toMatchObject({ format: 'vdi', virtualSize: 64 * MiB });
  });

  it('does not take the big-endian vdi signature', () => {
    const h = header(512);
    h.writeUInt32BE(0xbeda107f, 0x40);
    expect(detectFormat(h).format).toBe('raw');
  });

  it('reads iso by CD001 at 32769 and its size from the primary volume descriptor', () => {
    const h = header(HEAD_BYTES);
    h[32768] = 1;
    h.write('CD001', 32769, 'latin1');
    h.writeUInt32LE(1000, 32768 + 80);
    h.writeUInt16LE(2048, 32768 + 128);
    expect(detectFormat(h)).toMatchObject({ format: 'iso', virtualSize: 2048 * 1000 });
  });

  it('calls random bytes raw, also with their tail', () => {
    const data = randomBytes(HEAD_BYTES * 2);
    data.write('RAW!', 0);
    expect(detectFormat(data.subarray(0, HEAD_BYTES), data.subarray(-512)).format).toBe('raw');
  });

  it('copes with data shorter than any signature', () => {
    expect(detectFormat(Buffer.from('QF'), Buffer.from('QF')).format).toBe('raw');
    expect(detectFormat(Buffer.alloc(0), Buffer.alloc(0)).format).toBe('raw');
  });
});

describe('checkDeclaredFormat', () => {
  const qcow2 = { format: 'qcow2' as const, evidence: 'qcow2 magic', tailSeen: true, virtualSize: 1024 ** 3 };
  const raw = { format: 'raw' as const, evidence: 'no known disk image signature', tailSeen: true };

  it('accepts the detected format, and raw bytes as ami/ari/aki', () => {
    expect(checkDeclaredFormat('qcow2', qcow2, 'the file x')).toEqual({ ok: true, notes: [] });
    expect(checkDeclaredFormat('aki', raw, 'the file x').ok).toBe(true);
  });

  it('refuses qcow2 declared as raw, saying what the file is and how to convert it', () => {
    const v = checkDeclaredFormat('raw', qcow2, 'the file /srv/images/x.qcow2', '/srv/images/x.qcow2');
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.message).toContain('is qcow2');
    expect(v.message).toContain('not raw');
    expect(v.message).toContain('pass disk_format=qcow2');
    expect(v.message).toContain('qemu-img convert -f qcow2 -O raw /srv/images/x.qcow2 x.raw');
    expect(v.message).toContain('block clones');
  });

  it('refuses a raw file declared as qcow2', () => {
    const v = checkDeclaredFormat('qcow2', raw, 'the file x.img');
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.message).toMatch(/no qcow2 signature.*Pass disk_format=raw/);
  });

  it('takes vhd as declared when the end of a download could not be seen, and says so', () => {
    const v = checkDeclaredFormat('vhd', { ...raw, tailSeen: false }, 'the download');
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.notes.join(' ')).toContain('taken as declared');
    expect(checkDeclaredFormat('vhd', raw, 'the file').ok).toBe(false);
  });
});

// qemu-img is installed here and in CI; elsewhere these cases are skipped and the hand-built headers above remain.
describe.skipIf(!hasQemuImg)('detectFormat on images made by qemu-img', () => {
  const dir = mkdtempSync(join(tmpdir(), 'detect-format-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function make(fmt: string, size: string, opts: string[] = []): string {
    const path = join(dir, `img.${fmt}${opts.length ? '.opt' : ''}`);
    const r = spawnSync('qemu-img', ['create', '-q', '-f', fmt, ...opts, path, size]);
    expect(r.status, String(r.stderr)).toBe(0);
    return path;
  }

  function detectFile(path: string) {
    const fd = openSync(path, 'r');
    const size = statSync(path).size;
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    readSync(fd, head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(512, size));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return detectFormat(head, tail);
  }

  it('qcow2 with its virtual size', () => {
    expect(detectFile(make('qcow2', '1G'))).toMatchObject({ format: 'qcow2', virtualSize: 1024 ** 3 });
  });

  it('vmdk, vhdx, vdi and dynamic vhd', () => {
    expect(detectFile(make('vmdk', '16M'))).toMatchObject({ format: 'vmdk', virtualSize: 16 * MiB });
    expect(detectFile(make('vhdx', '16M')).format).toBe('vhdx');
    expect(detectFile(make('vdi', '16M'))).toMatchObject({ format: 'vdi', virtualSize: 16 * MiB });
    expect(detectFile(make('vpc', '16M')).format).toBe('vhd');
  });

  it('fixed vhd from the footer', () => {
    const path = make('vpc', '4M', ['-o', 'subformat=fixed']);
    const d = detectFile(path);
    expect(d.format).toBe('vhd');
    expect(d.virtualSize).toBe(statSync(path).size - 512);
  });

  it('raw', () => {
    const path = make('raw', '1M');
    expect(readFileSync(path).length).toBe(MiB);
    expect(detectFile(path).format).toBe('raw');
  });
});
