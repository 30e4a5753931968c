import type { DiskFormat, FormatDetection } from './detect-format.js';
import { formatBytes } from './human.js';

export type FormatVerdict = { ok: true; notes: string[] } | { ok: false; message: string };

/** Glance formats that are raw bytes with a role (kernel, ramdisk, machine image). */
const RAW_KINDS = new Set<DiskFormat>(['raw', 'ami', 'ari', 'aki']);

/** qemu-img's -f name of each convertible format. */
const QEMU_NAME: Partial<Record<string, string>> = {
  qcow2: 'qcow2',
  vmdk: 'vmdk',
  vhd: 'vpc',
  vhdx: 'vhdx',
  vdi: 'vdi',
};

/**
 * Whether the declared disk_format agrees with what the bytes show. `what` names the data in messages
 * ("the file /srv/images/x.img", "the download"); `source` is what to put in a qemu-img command line.
 */
export function checkDeclaredFormat(
  declared: DiskFormat,
  d: FormatDetection,
  what: string,
  source = 'SOURCE',
): FormatVerdict {
  if (d.format === declared || (d.format === 'raw' && RAW_KINDS.has(declared))) {
    return { ok: true, notes: [] };
  }
  if (d.format === 'raw' && !d.tailSeen && declared === 'vhd') {
    return {
      ok: true,
      notes: [
        `disk_format=vhd was taken as declared: a fixed-size VHD is recognised by the footer in its last 512 bytes, ` +
          'which can only be read once the whole download has passed through.',
      ],
    };
  }
  return { ok: false, message: mismatchMessage(declared, d, what, source) };
}

function mismatchMessage(declared: DiskFormat, d: FormatDetection, what: string, source: string): string {
  const size = d.virtualSize ? `, virtual size ${formatBytes(d.virtualSize)}` : '';
  const seen = `${what} is ${d.format} (${d.evidence}${size}), not ${declared}`;
  if (d.format === 'raw') {
    return (
      `${what} has no ${declared} signature (${d.evidence}): it is raw data, not ${declared}. ` +
      'Pass disk_format=raw if it is a raw disk image (volumes from a raw image are block clones), ' +
      'or check that this is the file you meant.'
    );
  }
  const qemu = QEMU_NAME[d.format];
  if (!qemu) return `${seen}: pass disk_format=${d.format}.`;
  return (
    `${seen}: pass disk_format=${d.format}, or convert it with ` +
    `\`qemu-img convert -f ${qemu} -O raw ${source} ${rawName(source)}\` and upload that with disk_format=raw, ` +
    'so that volumes from it are block clones.'
  );
}

function rawName(source: string): string {
  const base =
    source
      .split('/')
      .pop()
      ?.replace(/\.[^.]*$/, '') || 'image';
  return `${base}.raw`;
}
