/** Sizes and durations for people: 1.5 GiB, 2m 05s. */
export function bytes(n: number | undefined): string | undefined {
  if (n === undefined) return undefined;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}

export function duration(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** The clone path in words: the fast path is a block-level clone on Lightbits. */
export function pathVerdict(path: 'block-clone' | 'copy'): string {
  return path === 'block-clone'
    ? ':zap: fast path: block-level clone on Lightbits'
    : ':turtle: slow path: Cinder downloaded and copied the image';
}
