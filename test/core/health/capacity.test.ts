import { describe, expect, it } from 'vitest';
import { capacityFrom, humanBytes } from '../../../src/core/health/capacity.js';
import { countProtection, fromClusterHealth } from '../../../src/core/health/lightbits-check.js';

describe('capacityFrom', () => {
  it('uses effective capacity and free space, so used and free add up', () => {
    const c = capacityFrom({ effectivePhysicalStorage: 1000, freePhysicalStorage: 250, physicalUsedStorage: 700 });
    expect(c).toEqual({
      total_bytes: 1000,
      used_bytes: 750,
      free_bytes: 250,
      used_percent: 75,
      free_percent: 25,
      basis: 'effectivePhysicalStorage and freePhysicalStorage',
    });
  });

  it('falls back to physicalUsedStorage and another total', () => {
    const c = capacityFrom({ installedPhysicalStorage: 3000, physicalUsedStorage: 1000 });
    expect(c).toMatchObject({ total_bytes: 3000, used_bytes: 1000, free_bytes: 2000, used_percent: 33.3 });
  });

  it('gives nothing when the cluster reports no usable figures', () => {
    expect(capacityFrom({})).toBeUndefined();
    expect(capacityFrom({ effectivePhysicalStorage: 100 })).toBeUndefined();
    expect(capacityFrom({ effectivePhysicalStorage: 0, freePhysicalStorage: 0 })).toBeUndefined();
  });

  it('renders sizes for sentences', () => {
    expect(humanBytes(512)).toBe('512 B');
    expect(humanBytes(1.5 * 1024 ** 4)).toBe('1.5 TiB');
  });
});

describe('volume protection counts', () => {
  it('counts a list in one pass, Inaccessible as NotAvailable and unknown states apart', () => {
    const states = [
      'FullyProtected',
      'FullyProtected',
      'Degraded',
      'ReadOnly',
      'NotAvailable',
      'Inaccessible',
      'Unknown',
    ];
    expect(countProtection(states.map((protectionState) => ({ protectionState })))).toEqual({
      not_fully_protected: 5,
      degraded: 1,
      read_only: 1,
      not_available: 2,
      fully_protected: 2,
      other: 1,
    });
  });

  it('counts 10,000 volumes', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({
      protectionState: i % 100 === 0 ? 'Degraded' : 'FullyProtected',
    }));
    expect(countProtection(many)).toMatchObject({ not_fully_protected: 100, degraded: 100, fully_protected: 9900 });
  });

  it('takes the cluster health figures as they are', () => {
    const h = {
      state: 'Warning',
      numDegradedVolumes: 3,
      numReadOnlyVolumes: 1,
      numNotAvailableVolumes: 0,
      numInactiveNodes: 1,
      numHealthyVolumes: 10,
    };
    expect(fromClusterHealth(h)).toEqual({
      not_fully_protected: 4,
      degraded: 3,
      read_only: 1,
      not_available: 0,
      fully_protected: 10,
      source: 'cluster_health',
    });
  });
});
