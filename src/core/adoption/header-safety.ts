/**
 * What an image's own header says it would make qemu open besides itself, read before qemu-img ever sees the file:
 * a qcow2 backing file (header offset 8) or external data file (incompatible feature bit 2, qcow2 v3), a VMDK
 * descriptor naming extent files. Untrusted images use these to read the host's files (CVE-2024-32498).
 */
export function headerHazard(format: string, head: Uint8Array): string | undefined {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (format === 'qcow2' && head.length >= 80) {
    if (view.getBigUint64(8, false) !== 0n) return 'its qcow2 header names a backing file';
    const version = view.getUint32(4, false);
    if (version >= 3 && (view.getBigUint64(72, false) & 4n) !== 0n)
      return 'its qcow2 header uses an external data file';
  }
  if (format === 'vmdk') {
    const text = Buffer.from(head).toString('latin1');
    const extents = text.match(/^\s*(?:RW|RDONLY|NOACCESS)\s+\d+\s+\w+\s+"[^"]*"/gm) ?? [];
    if (extents.length) return 'its VMDK descriptor names extent files';
  }
  return undefined;
}
