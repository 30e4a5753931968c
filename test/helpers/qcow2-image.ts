/**
 * Builds valid qcow2 images in memory, from the format's specification (QEMU's docs/interop/qcow2.txt), so tests
 * need no qemu-img. Layout, one cluster each unless the tables need more: header, refcount table, refcount block(s),
 * L1 table, L2 tables, then the data clusters of `data` (guest offset 0 onwards). test/core/upload/image-builders.test.ts
 * checks the result once with `qemu-img check`/`convert` where qemu-img is installed.
 */

export interface Qcow2Options {
  /** 2 or 3 (default 3). */
  version?: 2 | 3;
  /** log2 of the cluster size, 9..21 (default 16: 64 KiB, qemu-img's default). */
  clusterBits?: number;
  /** Guest data from offset 0; all-zero clusters are left unallocated. */
  data?: Uint8Array;
  /** Zero bytes appended until the file is this long (a sparse tail, as a preallocated image has). */
  fileSize?: number;
}

const MAGIC = 0x514649fb; // "QFI\xfb"
const COPIED = 1n << 63n; // L1/L2 flag: refcount is exactly 1
const V2_HEADER_BYTES = 72;
const V3_HEADER_BYTES = 104;
const REFCOUNT_ORDER = 4; // 16-bit refcounts, the only width version 2 knows

export function qcow2Image(virtualSize: number, options: Qcow2Options = {}): Buffer {
  const version = options.version ?? 3;
  const clusterBits = options.clusterBits ?? 16;
  if (clusterBits < 9 || clusterBits > 21) throw new Error(`cluster_bits ${clusterBits} is outside 9..21`);
  const data = options.data ?? new Uint8Array(0);
  if (data.length > virtualSize) throw new Error(`${data.length} bytes of data exceed the virtual size ${virtualSize}`);
  const cluster = 2 ** clusterBits;
  const clustersOf = (bytes: number) => Math.max(1, Math.ceil(bytes / cluster));

  const l2Entries = cluster / 8;
  const l1Size = Math.ceil(virtualSize / (cluster * l2Entries));
  const dataClusters: { guest: number; bytes: Uint8Array }[] = [];
  for (let guest = 0; guest < data.length; guest += cluster) {
    const bytes = data.subarray(guest, guest + cluster);
    if (bytes.some((b) => b !== 0)) dataClusters.push({ guest, bytes });
  }
  const l2Tables = [...new Set(dataClusters.map((c) => Math.floor(c.guest / (cluster * l2Entries))))];

  // Every cluster but the refcount blocks is known up front; the refcount blocks must also count themselves.
  const fixed = 1 + 1 + clustersOf(l1Size * 8) + l2Tables.length + dataClusters.length;
  const refsPerBlock = (cluster * 8) / 2 ** REFCOUNT_ORDER;
  let refBlocks = 1;
  while (refBlocks * refsPerBlock < fixed + refBlocks) refBlocks++;
  if (refBlocks * 8 > cluster) throw new Error('image too large for a one-cluster refcount table');

  const refTableAt = cluster;
  const refBlocksAt = 2 * cluster;
  const l1At = refBlocksAt + refBlocks * cluster;
  const l2At = l1At + clustersOf(l1Size * 8) * cluster;
  const dataAt = l2At + l2Tables.length * cluster;
  const used = dataAt + dataClusters.length * cluster;
  const usedClusters = used / cluster;
  // Like qemu-img, an image whose last cluster is the L1 table ends with the table itself.
  const end = dataClusters.length + l2Tables.length > 0 ? used : l1At + l1Size * 8;
  const out = Buffer.alloc(Math.max(end, options.fileSize ?? 0));

  out.writeUInt32BE(MAGIC, 0);
  out.writeUInt32BE(version, 4);
  // 8: backing file offset, 16: its length — none
  out.writeUInt32BE(clusterBits, 20);
  out.writeBigUInt64BE(BigInt(virtualSize), 24);
  // 32: crypt method 0 (none)
  out.writeUInt32BE(l1Size, 36);
  out.writeBigUInt64BE(BigInt(l1At), 40);
  out.writeBigUInt64BE(BigInt(refTableAt), 48);
  out.writeUInt32BE(1, 56); // refcount table clusters
  // 60: no snapshots, 64: their offset
  if (version === 3) {
    // 72, 80, 88: incompatible, compatible and autoclear features, none
    out.writeUInt32BE(REFCOUNT_ORDER, 96);
    out.writeUInt32BE(V3_HEADER_BYTES, 100);
  }
  // The header extension area that follows is all zeros: an end-of-extensions marker (type 0, length 0).
  const headerEnd = version === 3 ? V3_HEADER_BYTES : V2_HEADER_BYTES;
  if (headerEnd + 8 > cluster) throw new Error('cluster too small for the header');

  for (let i = 0; i < refBlocks; i++) {
    out.writeBigUInt64BE(BigInt(refBlocksAt + i * cluster), refTableAt + i * 8);
  }
  for (let c = 0; c < usedClusters; c++) out.writeUInt16BE(1, refBlocksAt + c * 2);

  l2Tables.forEach((l1Index, i) => {
    out.writeBigUInt64BE(BigInt(l2At + i * cluster) | COPIED, l1At + l1Index * 8);
  });
  dataClusters.forEach(({ guest, bytes }, i) => {
    const host = dataAt + i * cluster;
    const l1Index = Math.floor(guest / (cluster * l2Entries));
    const l2Index = (guest / cluster) % l2Entries;
    const table = l2At + l2Tables.indexOf(l1Index) * cluster;
    out.writeBigUInt64BE(BigInt(host) | COPIED, table + l2Index * 8);
    out.set(bytes, host);
  });
  return out;
}
