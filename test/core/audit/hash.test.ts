import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, GENESIS_HASH, type UnsealedEntry } from '../../../src/core/audit/hash.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x y' } })).toBe(
      '{"a":{"c":"x y","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: { a: 1, b: 2 } })).toBe(canonicalJson({ y: { b: 2, a: 1 }, x: 1 }));
  });

  it('drops undefined like JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1], c: () => 1 })).toBe('{"b":[null,1]}');
    expect(canonicalJson({ n: Number.NaN, d: new Date('2030-01-01T00:00:00Z') })).toBe(
      '{"d":"2030-01-01T00:00:00.000Z","n":null}',
    );
  });

  it('escapes strings and keys as JSON', () => {
    expect(canonicalJson({ 'k"ey': 'line\nbreak', ü: 'é' })).toBe('{"k\\"ey":"line\\nbreak","ü":"é"}');
  });

  it('refuses what JSON cannot hold', () => {
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    expect(() => canonicalJson(loop)).toThrow(/circular/);
    expect(() => canonicalJson({ big: 1n })).toThrow(/bigint/);
  });
});

describe('entryHash', () => {
  const entry: UnsealedEntry = {
    seq: 1,
    at: '2030-01-01T00:00:00.000Z',
    prevHash: GENESIS_HASH,
    event: 'requested',
    actor: { id: 'U1', via: 'slack' },
    operation: 'launch_server',
    input: { name: 'vm' },
  };

  it('is sha256 of prevHash, a newline and the canonical JSON', () => {
    const expected = createHash('sha256')
      .update(`${GENESIS_HASH}\n${canonicalJson(entry)}`)
      .digest('hex');
    expect(entryHash(GENESIS_HASH, entry)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any field and with the previous hash', () => {
    const base = entryHash(GENESIS_HASH, entry);
    expect(entryHash(GENESIS_HASH, { ...entry, input: { name: 'vm2' } })).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...entry, seq: 2 })).not.toBe(base);
    expect(entryHash('f'.repeat(64), entry)).not.toBe(base);
  });

  it('leaves out a hash property', () => {
    expect(entryHash(GENESIS_HASH, { ...entry, hash: 'anything' })).toBe(entryHash(GENESIS_HASH, entry));
  });
});
