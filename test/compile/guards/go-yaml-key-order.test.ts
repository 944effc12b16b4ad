import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { goYamlKeyCompare } from '../../../src/compile/guards/go-yaml-key-order.js';

const sorted = (keys: string[]) => [...keys].sort(goYamlKeyCompare);

describe('goYamlKeyCompare |', () => {
  test('letters compare by code point, as in plain sorting', () => {
    expect(sorted(['PERSON', 'EMAIL_ADDRESS', 'CREDIT_CARD', 'ALL'])).toEqual(['ALL', 'CREDIT_CARD', 'EMAIL_ADDRESS', 'PERSON']);
  });

  test('a non-letter sorts before a letter at the first difference', () => {
    // Code-unit order would put INDIA first ('D' < '_').
    expect(sorted(['INDIA', 'IN_PAN'])).toEqual(['IN_PAN', 'INDIA']);
  });

  test('digit runs compare as numbers', () => {
    expect(sorted(['PERSON10', 'PERSON2', 'PERSON1'])).toEqual(['PERSON1', 'PERSON2', 'PERSON10']);
  });

  test('a shorter prefix sorts first', () => {
    expect(sorted(['ABC', 'AB'])).toEqual(['AB', 'ABC']);
  });

  // With digits go-yaml's order is not transitive ("6A" < "10" < "60" < "6A"); over the
  // characters of entity names (letters and "_") it is a total order.
  test('is a strict total order consistent with equality on entity-like keys', () => {
    const key = fc.stringMatching(/^[A-Z_]{0,8}$/);
    fc.assert(
      fc.property(key, key, key, (a, b, c) => {
        expect(Math.sign(goYamlKeyCompare(a, b)) + Math.sign(goYamlKeyCompare(b, a))).toBe(0);
        expect(goYamlKeyCompare(a, b) === 0).toBe(a === b);
        if (goYamlKeyCompare(a, b) < 0 && goYamlKeyCompare(b, c) < 0) expect(goYamlKeyCompare(a, c)).toBeLessThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
