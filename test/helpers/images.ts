import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { qcow2Image } from './qcow2-image.js';

/** A raw disk image of random bytes (no magic, so it detects as raw). */
export function makeRawImage(path: string, bytes: number): void {
  const data = randomBytes(bytes);
  data[0] = 0xeb; // an x86 boot-sector jump, not any image format's magic
  writeFileSync(path, data);
}

/** A valid, empty qcow2 v3 file of `virtualSize` bytes (built by test/helpers/qcow2-image.ts, no qemu-img needed). */
export function makeQcow2Image(path: string, virtualSize: number): void {
  writeFileSync(path, qcow2Image(virtualSize));
}

/** qcow2 image bytes announcing `virtualSize`, padded with zeros to `fileSize` bytes when that is longer. */
export function qcow2Bytes(virtualSize: number, fileSize?: number): Uint8Array {
  return qcow2Image(virtualSize, fileSize === undefined ? {} : { fileSize });
}
