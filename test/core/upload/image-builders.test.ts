import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat, HEAD_BYTES } from '../../../src/core/upload/detect-format.js';
import { virtualSizeOf } from '../../../src/emulator/glance/data.js';
import { qcow2Image } from '../../helpers/qcow2-image.js';
import { hasQemuImg } from '../../helpers/qemu-img.js';
import { vmdkImage } from '../../helpers/vmdk-image.js';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Guest data with non-zero clusters separated by an all-zero stretch that must stay unallocated. */
function pattern(bytes: number, zeroFrom: number, zeroTo: number): Buffer {
  const data = randomBytes(bytes);
  data.fill(0, zeroFrom, zeroTo);
  return data;
}

describe('the test image builders, as blockops reads them', () => {
  it('qcow2 v2 and v3 detect as qcow2 with their virtual size, in detectFormat and the emulated Glance', () => {
    for (const version of [2, 3] as const) {
      const image = qcow2Image(3 * 1024 * MiB, { version });
      expect(detectFormat(image.subarray(0, HEAD_BYTES))).toMatchObject({
        format: 'qcow2',
        virtualSize: 3 * 1024 * MiB,
      });
      expect(virtualSizeOf('qcow2', image, image.length)).toBe(3 * 1024 * MiB);
    }
  });

  it('an empty qcow2 is header, refcount table, refcount block and L1 table, as qemu-img lays it out', () => {
    const image = qcow2Image(1024 * MiB);
    expect(image.length).toBe(3 * 64 * KiB + 2 * 8);
    expect(image.readBigUInt64BE(48)).toBe(64n * 1024n);
    expect(image.readUInt16BE(2 * 64 * KiB + 3 * 2)).toBe(1);
    expect(image.readUInt16BE(2 * 64 * KiB + 4 * 2)).toBe(0);
  });

  it('vmdk detects as vmdk with its capacity and embeds a monolithicSparse descriptor', () => {
    const image = vmdkImage(16 * MiB);
    expect(detectFormat(image.subarray(0, HEAD_BYTES))).toMatchObject({ format: 'vmdk', virtualSize: 16 * MiB });
    expect(image.subarray(512, 1024).toString('latin1')).toContain('createType="monolithicSparse"');
  });

  it('refuses data larger than the disk', () => {
    expect(() => qcow2Image(MiB, { data: Buffer.alloc(MiB + 1) })).toThrow(/exceed the virtual size/);
    expect(() => vmdkImage(MiB, { data: Buffer.alloc(MiB + 1) })).toThrow(/exceed the virtual size/);
  });
});

// The builders are checked against QEMU itself once, where qemu-img is installed (CI installs qemu-utils for the
// real-box tests); without it these cases are skipped and the cases above still hold the builders to the format.
describe.skipIf(!hasQemuImg)('the test image builders, as qemu-img reads them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'image-builders-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function qemu(...args: string[]): string {
    const r = spawnSync('qemu-img', args, { encoding: 'utf8' });
    expect(r.status, `qemu-img ${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
    return r.stdout;
  }

  function roundTrip(name: string, format: string, image: Buffer, virtualSize: number, data: Buffer): void {
    const path = join(dir, name);
    writeFileSync(path, image);
    const info = JSON.parse(qemu('info', '--output=json', '-f', format, path)) as Record<string, unknown>;
    expect(info).toMatchObject({ format, 'virtual-size': virtualSize });
    qemu('check', '-f', format, path);
    const raw = join(dir, `${name}.raw`);
    qemu('convert', '-f', format, '-O', 'raw', path, raw);
    const back = readFileSync(raw);
    expect(back.length).toBe(virtualSize);
    expect(back.subarray(0, data.length).equals(data)).toBe(true);
    expect(back.subarray(data.length).every((b) => b === 0)).toBe(true);
  }

  it('qcow2 v3 and v2, empty and padded, pass qemu-img check with the right compat level', () => {
    for (const [version, compat] of [
      [3, '1.1'],
      [2, '0.10'],
    ] as const) {
      const path = join(dir, `empty-v${version}.qcow2`);
      writeFileSync(path, qcow2Image(1024 * MiB, { version, fileSize: 2 * MiB }));
      const info = JSON.parse(qemu('info', '--output=json', path)) as Record<string, unknown>;
      expect(info).toMatchObject({
        format: 'qcow2',
        'virtual-size': 1024 * MiB,
        'cluster-size': 64 * KiB,
        'format-specific': { data: { compat } },
      });
      qemu('check', path);
    }
  });

  it('qcow2 with data over several L2 tables, L1 clusters and refcount blocks reads back exactly', () => {
    const data = pattern(200 * KiB, 40 * KiB, 90 * KiB);
    roundTrip('data.qcow2', 'qcow2', qcow2Image(64 * MiB, { clusterBits: 9, data }), 64 * MiB, data);
    roundTrip('data-v2.qcow2', 'qcow2', qcow2Image(8 * MiB, { version: 2, data }), 8 * MiB, data);
  });

  it('monolithicSparse vmdk, empty and with data in several grain tables, reads back exactly', () => {
    const data = pattern(33 * MiB, 64 * KiB, 32 * MiB);
    roundTrip('data.vmdk', 'vmdk', vmdkImage(40 * MiB, { data }), 40 * MiB, data);
    const info = JSON.parse(qemu('info', '--output=json', '-f', 'vmdk', join(dir, 'data.vmdk'))) as {
      'format-specific': { data: { 'create-type': string } };
    };
    expect(info['format-specific'].data['create-type']).toBe('monolithicSparse');
    roundTrip('empty.vmdk', 'vmdk', vmdkImage(MiB), MiB, Buffer.alloc(0));
  });
});
