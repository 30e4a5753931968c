/**
 * Builds valid monolithicSparse VMDK images in memory, from VMware's "Virtual Disk Format 1.1" specification: a
 * 512-byte sparse extent header, the text descriptor embedded after it, a grain directory and its grain tables
 * (all preallocated, as VMware and qemu-img do), then the grains of `data`. test/core/upload/image-builders.test.ts checks
 * the result once with `qemu-img check`/`convert` where qemu-img is installed.
 */

const SECTOR = 512;
const GRAIN_SECTORS = 128; // 64 KiB grains
const GTES_PER_GT = 512;
const DESCRIPTOR_SECTORS = 20;
const FLAG_VALID_NEWLINE_TEST = 1;

export interface VmdkOptions {
  /** Guest data from offset 0; all-zero grains are left unallocated. */
  data?: Uint8Array;
  /** The file name the descriptor's extent line names. */
  fileName?: string;
}

export function vmdkImage(virtualSize: number, options: VmdkOptions = {}): Buffer {
  if (virtualSize % SECTOR !== 0) throw new Error(`virtual size ${virtualSize} is not a whole number of sectors`);
  const data = options.data ?? new Uint8Array(0);
  if (data.length > virtualSize) throw new Error(`${data.length} bytes of data exceed the virtual size ${virtualSize}`);
  const capacity = virtualSize / SECTOR;
  const grainBytes = GRAIN_SECTORS * SECTOR;
  const gdEntries = Math.ceil(capacity / (GRAIN_SECTORS * GTES_PER_GT));
  const gtSectors = (GTES_PER_GT * 4) / SECTOR;
  const gdSectors = Math.ceil((gdEntries * 4) / SECTOR);

  const gdAt = 1 + DESCRIPTOR_SECTORS;
  const gtsAt = gdAt + gdSectors;
  const overhead = Math.ceil((gtsAt + gdEntries * gtSectors) / GRAIN_SECTORS) * GRAIN_SECTORS;
  const grains: { index: number; bytes: Uint8Array }[] = [];
  for (let guest = 0; guest < data.length; guest += grainBytes) {
    const bytes = data.subarray(guest, guest + grainBytes);
    if (bytes.some((b) => b !== 0)) grains.push({ index: guest / grainBytes, bytes });
  }
  const out = Buffer.alloc((overhead + grains.length * GRAIN_SECTORS) * SECTOR);

  out.write('KDMV', 0, 'latin1');
  out.writeUInt32LE(1, 4); // version
  out.writeUInt32LE(FLAG_VALID_NEWLINE_TEST, 8);
  out.writeBigUInt64LE(BigInt(capacity), 12);
  out.writeBigUInt64LE(BigInt(GRAIN_SECTORS), 20);
  out.writeBigUInt64LE(1n, 28); // descriptor offset (sectors)
  out.writeBigUInt64LE(BigInt(DESCRIPTOR_SECTORS), 36);
  out.writeUInt32LE(GTES_PER_GT, 44);
  // 48: redundant grain directory, none (its flag is clear)
  out.writeBigUInt64LE(BigInt(gdAt), 56);
  out.writeBigUInt64LE(BigInt(overhead), 64);
  // 72: clean shutdown; 73..76: the newline-corruption check characters
  out.set([0x0a, 0x20, 0x0d, 0x0a], 73);
  // 77: compression none

  const descriptor = descriptorText(capacity, options.fileName ?? 'disk.vmdk');
  if (descriptor.length > DESCRIPTOR_SECTORS * SECTOR) throw new Error('descriptor too long');
  out.write(descriptor, SECTOR, 'latin1');

  for (let g = 0; g < gdEntries; g++) out.writeUInt32LE(gtsAt + g * gtSectors, gdAt * SECTOR + g * 4);
  grains.forEach(({ index, bytes }, i) => {
    const sector = overhead + i * GRAIN_SECTORS;
    const gte = (gtsAt + Math.floor(index / GTES_PER_GT) * gtSectors) * SECTOR + (index % GTES_PER_GT) * 4;
    out.writeUInt32LE(sector, gte);
    out.set(bytes, sector * SECTOR);
  });
  return out;
}

function descriptorText(capacity: number, fileName: string): string {
  const cylinders = Math.min(Math.ceil(capacity / (16 * 63)), 16383);
  return [
    '# Disk DescriptorFile',
    'version=1',
    'CID=12345678',
    'parentCID=ffffffff',
    'createType="monolithicSparse"',
    '',
    '# Extent description',
    `RW ${capacity} SPARSE "${fileName}"`,
    '',
    '# The Disk Data Base',
    '#DDB',
    '',
    'ddb.virtualHWVersion = "4"',
    `ddb.geometry.cylinders = "${cylinders}"`,
    'ddb.geometry.heads = "16"',
    'ddb.geometry.sectors = "63"',
    'ddb.adapterType = "ide"',
    '',
  ].join('\n');
}
