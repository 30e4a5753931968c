import type { ClusterState } from './state.js';

/** Raw flash per node: 24 × 15.36 TB NVMe. Effective capacity leaves 10% for erasure-coding parity. */
const NODE_PHYSICAL_BYTES = 24 * 15_360_000_000_000;

/**
 * GET /api/v2/cluster: ClusterInfo with ClusterStatisticsApi and ClusterHealth, computed from the volumes.
 * Written data counts once per replica; a clone owns nothing until written, which is what makes block clones cheap.
 */
export function clusterStatistics(s: ClusterState): Record<string, string | number> {
  const installed = NODE_PHYSICAL_BYTES * s.nodes.length;
  const effective = Math.floor(installed * 0.9);
  let logical = 0;
  let logicalUsed = 0;
  let physicalUsed = 0;
  for (const v of s.volumes.values()) {
    logical += v.sizeBytes;
    logicalUsed += v.writtenBytes;
    physicalUsed += v.writtenBytes * v.replicaCount;
  }
  const free = Math.max(0, effective - physicalUsed);
  const rf = Math.min(3, s.nodes.length);
  return {
    installedPhysicalStorage: String(installed),
    managedPhysicalStorage: String(installed),
    effectivePhysicalStorage: String(effective),
    logicalStorage: String(logical),
    logicalUsedStorage: String(logicalUsed),
    physicalUsedStorage: String(physicalUsed),
    physicalUsedStorageIncludingParity: String(Math.ceil(physicalUsed / 0.9)),
    freePhysicalStorage: String(free),
    estimatedFreeLogicalStorage: String(Math.floor(free / rf)),
    estimatedLogicalStorage: String(Math.floor(effective / rf)),
    compressionRatio: 1,
  };
}

/** ClusterHealth: OK, Warning (inactive nodes or degraded volumes), Error (read-only or unavailable volumes). */
export function clusterHealth(s: ClusterState): Record<string, string | number> {
  const counts = { FullyProtected: 0, Degraded: 0, ReadOnly: 0, NotAvailable: 0 };
  for (const v of s.volumes.values()) counts[s.protection(v)]++;
  const inactive = s.nodes.filter((n) => n.state !== 'Active').length;
  const state = counts.ReadOnly + counts.NotAvailable > 0 ? 'Error' : inactive + counts.Degraded > 0 ? 'Warning' : 'OK';
  return {
    state,
    numDegradedVolumes: counts.Degraded,
    numReadOnlyVolumes: counts.ReadOnly,
    numNotAvailableVolumes: counts.NotAvailable,
    numInactiveNodes: inactive,
    numHealthyVolumes: counts.FullyProtected,
  };
}
