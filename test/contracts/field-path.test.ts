import { describe, expect, test } from 'vitest';
import { formatFieldPath } from '../../src/contracts/field-path.js';

describe('formatFieldPath |', () => {
  test('uses dots for names, brackets for indexes and for keys that are not plain names', () => {
    expect(formatFieldPath(['spec', 'rules', 0, 'matches', 1, 'path', 'value'])).toBe('spec.rules[0].matches[1].path.value');
    expect(formatFieldPath(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(formatFieldPath(['spec', 'x-kubernetes-thing'])).toBe('spec.x-kubernetes-thing');
    expect(formatFieldPath([0, 'a'])).toBe('[0].a');
    expect(formatFieldPath([])).toBe('');
  });

  test('quotes a key with spaces, quotes or a leading digit', () => {
    expect(formatFieldPath(['data', 'a b', 'say "hi"', '1st'])).toBe('data["a b"]["say \\"hi\\""]["1st"]');
  });

  test('escapes control characters in a key instead of echoing them', () => {
    expect(formatFieldPath(['metadata', 'labels', '\u001b[2Jx'])).toBe('metadata.labels["\\u001b[2Jx"]');
    expect(formatFieldPath(['spec', 'a\u202eb'])).toBe('spec["a\\u202eb"]');
  });

  test('spells out the longest valid qualified-name key, and cuts a longer one', () => {
    const longest = `${'p'.repeat(253)}/${'n'.repeat(63)}`;
    expect(formatFieldPath(['labels', longest])).toBe(`labels[${JSON.stringify(longest)}]`);
    const huge = 'k'.repeat(1_000_000);
    const field = formatFieldPath(['labels', huge]);
    expect(field).toBe(`labels["${'k'.repeat(318)}…]`);
  });

  test('writes a symbol in brackets', () => {
    expect(formatFieldPath(['spec', Symbol('x')])).toBe('spec[Symbol(x)]');
  });
});
