import { describe, expect, it } from 'vitest';
import { shapeDiff, unionDiff } from './shape.js';

describe('shapeDiff', () => {
  it('names missing, extra and retyped fields by path', () => {
    const fixture = { a: 1, b: { c: 'x', d: [{ e: true }] }, n: null };
    const actual = { a: '1', b: { c: 'x', d: [{ e: 1 }], z: 0 }, n: 'set' };
    expect(shapeDiff(fixture, actual)).toEqual([
      'a: fixture has number, emulator has string',
      'b.z: not in fixture',
      'b.d[].e: fixture has boolean, emulator has number',
      'n: fixture has null, emulator has string',
    ]);
    expect(shapeDiff({ a: 1, k: 2 }, { a: 2 })).toEqual(['k: missing in emulator']);
  });

  it('compares arrays by their first element and lets free-form maps differ in keys', () => {
    expect(shapeDiff({ l: [{ a: 1 }] }, { l: [] })).toEqual(['l[]: fixture has elements, emulator has an empty array']);
    expect(shapeDiff({ t: [{ x: { k: 'v' } }] }, { t: [{ x: { other: 'v' } }] }, ['t[].x'])).toEqual([]);
    expect(shapeDiff({ t: [{ x: { k: 'v' } }] }, { t: [{ x: { other: 1 } }] }, ['t[].x'])).toEqual([
      't[].x.other: free-form map value is not a string',
    ]);
  });
});

describe('unionDiff', () => {
  it('lets the real fixture win over the api-ref sample and treats sample nulls as wildcards', () => {
    expect(unionDiff({ image: { id: 'x' }, h: null }, { image: '' }, { image: '', h: 'host' })).toEqual([]);
    expect(unionDiff({ image: { id: 'x' } }, { image: '' }, { image: { id: 'y' } })).toEqual([
      'image: expected string (real fixture), emulator has object',
    ]);
  });

  it('reports keys in neither document, and sample keys not returned unless explained', () => {
    expect(unionDiff({ a: 1, b: 2 }, undefined, { a: 1, c: 3 })).toEqual([
      'c: returned by the emulator but in neither the api-ref sample nor the real fixture',
      'b: in the api-ref sample but not returned (list it in notServed with a reason)',
    ]);
    expect(unionDiff({ a: 1, b: 2 }, undefined, { a: 1 }, { notServed: { b: 'newer microversion' } })).toEqual([]);
    expect(unionDiff({ a: 1, b: 2 }, undefined, { a: 1, b: 2 }, { notServed: { b: 'x' } })).toEqual([
      'b: listed as not served but the emulator returns it',
    ]);
  });
});
