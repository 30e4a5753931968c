import { describe, expect, it } from 'vitest';
import { newVolumeFrom } from '../../../src/emulator/lightbits/bodies.js';
import { parseWireSize } from '../../../src/emulator/lightbits/size.js';

const GiB = 1024 ** 3;

describe('the emulated Lightbits API reads sizes', () => {
  it('as the Cinder driver writes them: a whole number of GiB, any case, space optional', () => {
    expect(parseWireSize('20 gib')).toBe(20 * GiB);
    expect(parseWireSize('20 GiB')).toBe(20 * GiB);
    expect(parseWireSize('4Gib')).toBe(4 * GiB);
  });

  it('as byte counts, quoted (the Proxmox plugin, proto3 JSON uint64) or not', () => {
    expect(parseWireSize('21474836480')).toBe(20 * GiB);
    expect(parseWireSize(4096)).toBe(4096);
    expect(parseWireSize('0')).toBe(0);
  });

  it('with the other binary and decimal units, and decimals that come to whole bytes', () => {
    expect(parseWireSize('512 B')).toBe(512);
    expect(parseWireSize('3 KiB')).toBe(3072);
    expect(parseWireSize('2 MiB')).toBe(2 * 1024 ** 2);
    expect(parseWireSize('2 GB')).toBe(2_000_000_000);
    expect(parseWireSize('1.5 TiB')).toBe(1.5 * 1024 * GiB);
    expect(parseWireSize('1.1 kb')).toBe(1100);
    expect(parseWireSize('1 PiB')).toBe(1024 ** 5);
  });

  it('and refuses what is not a size', () => {
    for (const bad of ['twenty', '20 parsecs', '20 ib', '-1', '1.5', '0.5 B', '', ' ', '20 GiB GiB', '1e3']) {
      expect(parseWireSize(bad), bad).toBeUndefined();
    }
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, null, undefined, {}, ['20 GiB']]) {
      expect(parseWireSize(bad), String(bad)).toBeUndefined();
    }
    expect(parseWireSize('9 PiB')).toBeUndefined(); // past what a JSON number holds exactly
  });

  it('in a create-volume body, where a bad size is a 400 that names it', () => {
    const body = { name: 'volume-1', size: '20 GiB', replicaCount: '3', acl: { values: [] } };
    expect(newVolumeFrom(body, 'default').sizeBytes).toBe(20 * GiB);
    expect(() => newVolumeFrom({ ...body, size: '20 parsecs' }, 'default')).toThrow(/invalid size "20 parsecs"/);
  });
});
