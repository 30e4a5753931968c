import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { headerHazard } from '../../../src/core/adoption/header-safety.js';
import { convertToRaw, inspectForConversion } from '../../../src/core/adoption/qemu-img.js';
import { assertFreeSpace } from '../../../src/core/adoption/work-dir.js';
import { hasQemuImg } from '../../helpers/qemu-img.js';

/** Real images made by qemu-img (Debian's qemu-utils, which .ci/run installs), checked by the real qemu-img. */
const dir = mkdtempSync(join(tmpdir(), 'blockops-convert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const qemuImg = (...args: string[]) => execFileSync('qemu-img', args, { cwd: dir });
const at = (name: string) => join(dir, name);
const head = (name: string) => readFileSync(at(name)).subarray(0, 64 * 1024);

// Needs the real qemu-img to convert (see test/helpers/qemu-img.ts for why it may be absent).
describe.skipIf(!hasQemuImg)('converting an untrusted image to raw', () => {
  it('converts a plain qcow2 to raw of its virtual size', async () => {
    qemuImg('create', '-q', '-f', 'qcow2', 'plain.qcow2', '8M');
    expect(headerHazard('qcow2', head('plain.qcow2'))).toBeUndefined();
    const info = await inspectForConversion(at('plain.qcow2'), 'qcow2');
    expect(info).toEqual({ format: 'qcow2', virtualSize: 8 * 1024 * 1024 });
    await convertToRaw(at('plain.qcow2'), at('plain.raw'), 'qcow2', { timeoutMs: 60_000 });
    expect(statSync(at('plain.raw')).size).toBe(8 * 1024 * 1024);
  });

  it('refuses a qcow2 with a backing file, from its header and from qemu-img info', async () => {
    qemuImg('create', '-q', '-f', 'qcow2', 'base.qcow2', '8M');
    qemuImg('create', '-q', '-f', 'qcow2', '-b', 'base.qcow2', '-F', 'qcow2', 'child.qcow2');
    expect(headerHazard('qcow2', head('child.qcow2'))).toMatch(/backing file/);
    await expect(inspectForConversion(at('child.qcow2'), 'qcow2')).rejects.toMatchObject({
      code: 'ADOPT.UNSAFE_IMAGE',
      message: expect.stringMatching(/backing file \(base\.qcow2\)/),
    });
  });

  it('refuses a qcow2 with an external data file, from its header and from qemu-img info', async () => {
    qemuImg('create', '-q', '-f', 'qcow2', '-o', 'data_file=outside.raw', 'datafile.qcow2', '8M');
    expect(headerHazard('qcow2', head('datafile.qcow2'))).toMatch(/external data file/);
    await expect(inspectForConversion(at('datafile.qcow2'), 'qcow2')).rejects.toMatchObject({
      code: 'ADOPT.UNSAFE_IMAGE',
      message: expect.stringMatching(/external data file/),
    });
  });

  it('refuses bytes that are not the format stated, never probing for another', async () => {
    writeFileSync(at('notqcow.img'), Buffer.alloc(1024 * 1024, 7));
    await expect(inspectForConversion(at('notqcow.img'), 'qcow2')).rejects.toMatchObject({
      code: 'ADOPT.UNSAFE_IMAGE',
      message: expect.stringMatching(/cannot read it as qcow2/),
    });
    await expect(
      convertToRaw(at('notqcow.img'), at('never.raw'), 'qcow2', { timeoutMs: 60_000 }),
    ).rejects.toMatchObject({
      code: 'ADOPT.CONVERT_FAILED',
    });
  });

  it('refuses a VMDK whose descriptor names extent files', async () => {
    qemuImg('create', '-q', '-f', 'vmdk', '-o', 'subformat=monolithicFlat', 'flat.vmdk', '8M');
    expect(headerHazard('vmdk', head('flat.vmdk'))).toMatch(/extent files/);
    await expect(inspectForConversion(at('flat.vmdk'), 'vmdk')).rejects.toMatchObject({ code: 'ADOPT.UNSAFE_IMAGE' });
  });

  it('refuses to start when the work directory lacks the space, saying how much is needed and free', async () => {
    await expect(assertFreeSpace(dir, Number.MAX_SAFE_INTEGER, 'Adopting image big')).rejects.toMatchObject({
      code: 'ADOPT.NO_SPACE',
      message: expect.stringMatching(/needs .* but only .* is free/),
    });
    await expect(assertFreeSpace(dir, 1, 'Adopting image small')).resolves.toBeUndefined();
  });
});
