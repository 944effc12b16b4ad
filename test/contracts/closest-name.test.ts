import { describe, expect, it } from 'vitest';
import { closestName } from '../../src/contracts/closest-name.js';

describe('closestName |', () => {
  it('suggests the candidate within two edits, ignoring case, first of equals', () => {
    expect(closestName('sepc', ['apiVersion', 'kind', 'metadata', 'spec', 'status'])).toBe('spec');
    expect(closestName('lables', ['annotations', 'labels', 'name'])).toBe('labels');
    expect(closestName('PORT', ['port', 'path'])).toBe('port');
    expect(closestName('ab', ['xb', 'ay'])).toBe('xb');
  });

  it('suggests nothing three or more edits away', () => {
    expect(closestName('extra', ['apiVersion', 'kind', 'metadata', 'spec', 'status'])).toBeUndefined();
    expect(closestName('denied', ['allow', 'deny'])).toBeUndefined();
  });
});
