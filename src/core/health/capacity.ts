import type { Capacity } from './schema.js';

const TOTAL_KEYS = ['effectivePhysicalStorage', 'managedPhysicalStorage', 'installedPhysicalStorage'] as const;

/** Capacity at or above which the verdict is degraded: writes start failing when a thin-provisioned cluster fills. */
export const CAPACITY_WARN_PERCENT = 90;

const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Used/free/total from ClusterStatisticsApi. Total is the effective capacity (after parity) when reported; used is
 * total − free, so the two always add up, whatever else the cluster counts in physicalUsedStorage.
 */
export function capacityFrom(stats: Record<string, number>): Capacity | undefined {
  const totalKey = TOTAL_KEYS.find((k) => finite(stats[k]) && (stats[k] as number) > 0);
  if (!totalKey) return undefined;
  const total = stats[totalKey] as number;
  const reportedFree = stats['freePhysicalStorage'];
  const reportedUsed = stats['physicalUsedStorage'];
  let free: number;
  let basis: string;
  if (finite(reportedFree)) {
    free = reportedFree;
    basis = `${totalKey} and freePhysicalStorage`;
  } else if (finite(reportedUsed)) {
    free = total - reportedUsed;
    basis = `${totalKey} and physicalUsedStorage`;
  } else {
    return undefined;
  }
  free = Math.min(total, Math.max(0, free));
  const used = total - free;
  return {
    total_bytes: total,
    used_bytes: used,
    free_bytes: free,
    used_percent: round1((used / total) * 100),
    free_percent: round1((free / total) * 100),
    basis,
  };
}

/** "1.2 TiB": sizes for sentences people read; the structured output keeps bytes. */
export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}
