import { describe, expect, it } from 'vitest';
import { compareStrings, isJsonObject } from '../../src/contracts/json.js';

describe('isJsonObject |', () => {
  it('accepts objects, with or without a prototype', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject({ a: 1 })).toBe(true);
    expect(isJsonObject(Object.create(null))).toBe(true);
  });

  it('rejects null, arrays and scalars', () => {
    for (const v of [null, undefined, [], [1], 'x', 0, true]) expect(isJsonObject(v)).toBe(false);
  });
});

describe('compareStrings |', () => {
  it('sorts by UTF-16 code unit, not by locale: uppercase before lowercase, accents after z', () => {
    expect(['b', 'é', 'B', 'a', 'z', 'A'].sort(compareStrings)).toEqual(['A', 'B', 'a', 'b', 'z', 'é']);
  });

  it('returns 0 only for equal strings, and is antisymmetric', () => {
    expect(compareStrings('team-a', 'team-a')).toBe(0);
    expect(compareStrings('team-a', 'team-b')).toBe(-1);
    expect(compareStrings('team-b', 'team-a')).toBe(1);
    expect(compareStrings('', 'a')).toBe(-1);
  });
});
