import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fnv1a32, shardOf } from '../../src/reconciler/shard-of.js';

/** FNV-1a the long way, with BigInt arithmetic: an independent oracle of the Math.imul version. */
function fnvOracle(text: string): number {
  let hash = 0x811c9dc5n;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= BigInt(byte);
    hash = (hash * 0x01000193n) % 2n ** 32n;
  }
  return Number(hash);
}

describe('shardOf', () => {
  test('matches the published FNV-1a 32 test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  test('equals a BigInt oracle for any text, including non-ASCII', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => fnv1a32(s) === fnvOracle(s)));
  });

  test('is a shard index in range, from namespace/name', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 1, max: 64 }), (ns, name, shards) => {
        const s = shardOf(ns, name, shards);
        expect(Number.isInteger(s) && s >= 0 && s < shards).toBe(true);
        expect(s).toBe(fnvOracle(`${ns}/${name}`) % shards);
      }),
    );
  });

  test('spreads 1,000 routes evenly enough over 4 shards', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 1000; i++) counts[shardOf(`team-${i % 10}`, `route-${i}`, 4)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(180);
  });
});
