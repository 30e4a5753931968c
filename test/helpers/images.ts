import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

/** A raw disk image of random bytes (no magic, so it detects as raw). */
export function makeRawImage(path: string, bytes: number): void {
  const data = randomBytes(bytes);
  data[0] = 0xeb; // an x86 boot-sector jump, not any image format's magic
  writeFileSync(path, data);
}

/** A real qcow2 made by qemu-img (Debian's qemu-utils, which .ci/run installs). */
export function makeQcow2Image(path: string, virtualSize: string): void {
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', path, virtualSize]);
}

/** qcow2 image bytes: a qcow2 v3 header announcing `virtualSize` (size field at offset 24), then zeros to `size`. */
export function qcow2Bytes(virtualSize: number, size = 196_624): Uint8Array {
  const b = Buffer.alloc(size);
  b.write('QFI\xfb', 0, 'latin1');
  b.writeUInt32BE(3, 4);
  b.writeUInt32BE(16, 20);
  b.writeBigUInt64BE(BigInt(virtualSize), 24);
  b.writeUInt32BE(104, 100);
  return b;
}
