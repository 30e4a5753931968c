/**
 * Recognises a disk image's format from its first bytes (and, for a fixed-size VHD, its last 512), the way
 * qemu-img and Glance's format inspector do. Pure: callers read the bytes.
 */

/** Glance's disk formats. */
export const DISK_FORMATS = [
  'raw',
  'qcow2',
  'vmdk',
  'vhd',
  'vhdx',
  'vdi',
  'iso',
  'ami',
  'ari',
  'aki',
  'ploop',
] as const;
export type DiskFormat = (typeof DISK_FORMATS)[number];

/** What the bytes can show: the formats with a signature, else raw. */
export type DetectedFormat = 'raw' | 'qcow2' | 'vmdk' | 'vhd' | 'vhdx' | 'vdi' | 'iso' | 'ploop';

/** How much of the start detection needs (the ISO 9660 descriptor is at 32 KiB). */
export const HEAD_BYTES = 64 * 1024;
/** A fixed-size VHD is raw data followed by this footer. */
export const FOOTER_BYTES = 512;

export interface FormatDetection {
  format: DetectedFormat;
  /** The disk size the guest sees, when the header says it. */
  virtualSize?: number | undefined;
  /** What gave the format away, in words. */
  evidence: string;
  /** False when the end of the data was not available: then a fixed-size VHD cannot be told from raw. */
  tailSeen: boolean;
}

const ascii = (s: string) => Buffer.from(s, 'latin1');
const QCOW2 = ascii('QFI\xfb');
const VHDX = ascii('vhdxfile');
const VHD = ascii('conectix');
const VMDK = ascii('KDMV');
const VMDK_TEXT = ascii('# Disk DescriptorFile');
const ISO = ascii('CD001');
const PLOOP = [ascii('WithoutFreeSpace'), ascii('WithouFreSpacExt')];
const VDI_SIGNATURE = 0xbeda107f;
const ISO_DESCRIPTOR = 32768;

function at(buf: Uint8Array, offset: number, magic: Uint8Array): boolean {
  if (buf.length < offset + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (buf[offset + i] !== magic[i]) return false;
  return true;
}

function view(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

function u64(buf: Uint8Array, offset: number, littleEndian: boolean): number | undefined {
  if (buf.length < offset + 8) return undefined;
  const n = Number(view(buf).getBigUint64(offset, littleEndian));
  return n > 0 ? n : undefined;
}

/** Detects the format from the head (at least the first 64 KiB, or the whole data if shorter) and the tail. */
export function detectFormat(head: Uint8Array, tail?: Uint8Array): FormatDetection {
  const tailSeen = tail !== undefined;
  const found = (format: DetectedFormat, evidence: string, virtualSize?: number): FormatDetection => ({
    format,
    evidence,
    virtualSize,
    tailSeen,
  });
  if (at(head, 0, QCOW2)) return found('qcow2', 'qcow2 magic "QFI\\xfb" at offset 0', u64(head, 24, false));
  if (at(head, 0, VHDX)) return found('vhdx', 'VHDX signature "vhdxfile" at offset 0');
  // A dynamic or differencing VHD starts with a copy of its footer.
  if (at(head, 0, VHD)) return found('vhd', 'VHD footer "conectix" at offset 0 (dynamic VHD)', u64(head, 48, false));
  if (at(head, 0, VMDK)) {
    const sectors = u64(head, 12, true);
    return found('vmdk', 'VMDK sparse magic "KDMV" at offset 0', sectors === undefined ? undefined : sectors * 512);
  }
  if (at(head, 0, VMDK_TEXT)) return found('vmdk', 'VMDK text descriptor "# Disk DescriptorFile"');
  if (head.length >= 0x44 && view(head).getUint32(0x40, true) === VDI_SIGNATURE) {
    return found('vdi', 'VDI signature 0xbeda107f at offset 0x40', u64(head, 0x170, true));
  }
  if (PLOOP.some((m) => at(head, 0, m))) return found('ploop', 'ploop signature at offset 0');
  if (at(head, ISO_DESCRIPTOR + 1, ISO)) return found('iso', 'ISO 9660 "CD001" at offset 32769', isoSize(head));
  const footer = tail ? vhdFooter(tail) : undefined;
  if (footer) return found('vhd', 'VHD footer "conectix" in the last 512 bytes (fixed VHD)', u64(footer, 48, false));
  return found('raw', tailSeen ? 'no known disk image signature' : 'no known signature at the start');
}

/** The VHD footer in the last bytes: 512 bytes, or 511 for images from Virtual PC before 2004. */
function vhdFooter(tail: Uint8Array): Uint8Array | undefined {
  for (const size of [FOOTER_BYTES, FOOTER_BYTES - 1]) {
    const offset = tail.length - size;
    if (offset >= 0 && at(tail, offset, VHD)) return tail.subarray(offset);
  }
  return undefined;
}

/** Primary volume descriptor: volume space size (blocks, u32 LE at 80) × logical block size (u16 LE at 128). */
function isoSize(head: Uint8Array): number | undefined {
  if (head.length < ISO_DESCRIPTOR + 130) return undefined;
  const v = view(head);
  const blocks = v.getUint32(ISO_DESCRIPTOR + 80, true);
  const blockSize = v.getUint16(ISO_DESCRIPTOR + 128, true);
  return blocks && blockSize ? blocks * blockSize : undefined;
}
