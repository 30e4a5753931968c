import { describe, expect, it } from 'vitest';
import { formatSize, GiB, parseSize } from '../../../src/clients/lightbits/index.js';

describe('Lightbits sizes', () => {
  it('reads the driver form, byte strings, numbers and decimal units', () => {
    expect(parseSize('20 gib')).toBe(20 * GiB);
    expect(parseSize('20 GiB')).toBe(20 * GiB);
    expect(parseSize('4Gib')).toBe(4 * GiB);
    expect(parseSize('107374182400')).toBe(100 * GiB);
    expect(parseSize(4096)).toBe(4096);
    expect(parseSize('2 GB')).toBe(2_000_000_000);
    expect(parseSize('1.5 TiB')).toBe(1.5 * 1024 * GiB);
  });

  it('rejects what is not a size', () => {
    expect(parseSize('twenty')).toBeUndefined();
    expect(parseSize('20 parsecs')).toBeUndefined();
    expect(parseSize(-1)).toBeUndefined();
    expect(parseSize(undefined)).toBeUndefined();
  });

  it('writes whole GiB like the driver and other sizes as bytes', () => {
    expect(formatSize(20 * GiB)).toBe('20 GiB');
    expect(formatSize(GiB + 4096)).toBe(String(GiB + 4096));
  });
});
