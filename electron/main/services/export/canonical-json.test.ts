import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace, so re-indenting changes nothing', () => {
    const a = { b: 1, a: { d: [3, { z: null, y: 'x' }], c: true } };
    const b = JSON.parse(JSON.stringify({ a: { c: true, d: [3, { y: 'x', z: null }] }, b: 1 }, null, 4)) as unknown;
    expect(canonicalJson(a)).toBe('{"a":{"c":true,"d":[3,{"y":"x","z":null}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('any changed value changes the text; array order matters', () => {
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });

  it('refuses what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson({ a: () => 1 })).toThrow();
  });
});
