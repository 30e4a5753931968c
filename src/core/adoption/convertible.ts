/**
 * Disk formats blockops converts to raw, and the name qemu-img knows each by (`-f`): Glance's `vhd` is qemu's
 * `vpc`. Formats outside this list (iso, ami/aki/ari, ploop) are not converted: they are not plain disk images.
 */
const QEMU_FORMAT_OF = { qcow2: 'qcow2', vmdk: 'vmdk', vhd: 'vpc', vhdx: 'vhdx', vdi: 'vdi' } as const;

export type ConvertibleFormat = keyof typeof QEMU_FORMAT_OF;

export function isConvertible(format: string | undefined): format is ConvertibleFormat {
  return format !== undefined && Object.hasOwn(QEMU_FORMAT_OF, format);
}

export function qemuFormatOf(format: ConvertibleFormat): string {
  return QEMU_FORMAT_OF[format];
}

export const CONVERTIBLE_FORMATS = Object.keys(QEMU_FORMAT_OF) as ConvertibleFormat[];
