import { describe, expect, test } from 'vitest';
import { readScaleDigest, SCALE_ROUTES, synthScaleEstate, treeDigest } from './support/estate-digest.js';

describe('a 1,000-route estate |', () => {
  test('synthesizes to exactly the committed output (npm run golden:update rewrites the digest)', () => {
    const files = synthScaleEstate(SCALE_ROUTES);
    const expected = readScaleDigest();
    // The file count first: when it differs, it says more than two digests do.
    expect(files.size).toBe(expected.files);
    expect(treeDigest(files)).toBe(expected.digest);
  });

  test('the digest sees a one-byte change in any file', () => {
    const files = new Map([
      ['a.yaml', 'x: 1\n'],
      ['b.yaml', 'y: 2\n'],
    ]);
    const changed = new Map([...files, ['b.yaml', 'y: 3\n']]);
    const moved = new Map([
      ['a.yaml', 'x: 1\ny'],
      ['b.yaml', ': 2\n'],
    ]);
    expect(treeDigest(changed)).not.toBe(treeDigest(files));
    // Path and content are framed, so moving bytes across a file boundary changes the digest too.
    expect(treeDigest(moved)).not.toBe(treeDigest(files));
    expect(treeDigest(new Map([...files].reverse()))).toBe(treeDigest(files));
  });
});
