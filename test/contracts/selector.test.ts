import { describe, expect, it } from 'vitest';
import { selectorMatches, type LabelSelector } from '../../src/contracts/selector.js';

const labels = { team: 'a', tier: 'shared' };

describe('selectorMatches |', () => {
  it('matches everything with an empty selector', () => {
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches({}, {})).toBe(true);
  });

  it('needs every matchLabels entry', () => {
    expect(selectorMatches({ matchLabels: { team: 'a' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { team: 'a', tier: 'edge' } }, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { env: 'prod' } }, labels)).toBe(false);
  });

  it.each<[string, LabelSelector['matchExpressions'], boolean]>([
    ['In with the value', [{ key: 'team', operator: 'In', values: ['a', 'b'] }], true],
    ['In without the value', [{ key: 'team', operator: 'In', values: ['b'] }], false],
    ['In on a missing key', [{ key: 'env', operator: 'In', values: ['a'] }], false],
    ['NotIn with the value', [{ key: 'team', operator: 'NotIn', values: ['a'] }], false],
    ['NotIn without the value', [{ key: 'team', operator: 'NotIn', values: ['b'] }], true],
    ['NotIn on a missing key', [{ key: 'env', operator: 'NotIn', values: ['a'] }], true],
    ['Exists on a present key', [{ key: 'tier', operator: 'Exists' }], true],
    ['Exists on a missing key', [{ key: 'env', operator: 'Exists' }], false],
    ['DoesNotExist on a present key', [{ key: 'tier', operator: 'DoesNotExist' }], false],
    ['DoesNotExist on a missing key', [{ key: 'env', operator: 'DoesNotExist' }], true],
    ['In without values', [{ key: 'team', operator: 'In' }], false],
  ])('%s', (_, matchExpressions, expected) => {
    expect(selectorMatches({ matchExpressions }, labels)).toBe(expected);
  });

  it('needs matchLabels and every expression together', () => {
    const both: LabelSelector = { matchLabels: { team: 'a' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['edge'] }] };
    expect(selectorMatches(both, labels)).toBe(false);
  });

  it('does not treat inherited object properties as labels', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, labels)).toBe(false);
  });
});
