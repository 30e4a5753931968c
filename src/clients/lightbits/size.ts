/**
 * Lightbits sizes on the wire: requests take a string with a unit (the Cinder driver sends "20 gib") or a plain
 * byte count (Lightbits' Proxmox plugin sends "21474836480"); responses carry uint64 fields, which proto3 JSON
 * renders as strings of bytes ("107374182400"), though numbers are accepted too.
 */
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  pib: 1024 ** 5,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
};

export const GiB = 1024 ** 3;

/** Bytes from a wire size; undefined when the text is not a size. */
export function parseSize(value: string | number | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  if (!m) return undefined;
  const factor = UNITS[m[2]!.toLowerCase()];
  if (factor === undefined) return undefined;
  return Math.round(Number(m[1]) * factor);
}

/** The request form: whole GiB the way the Cinder driver writes them ("20 GiB"), other sizes as bytes. */
export function formatSize(bytes: number): string {
  if (bytes > 0 && bytes % GiB === 0) return `${bytes / GiB} GiB`;
  return String(bytes);
}
