import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unsafeData } from '../../src/intent/unsafe-data.js';

const protoKeyPath = (v: unknown) => unsafeData(v)?.path;

describe('unsafeData |', () => {
  it('finds the first own __proto__ key, depth first, in lists and maps', () => {
    const doc = JSON.parse('{"a": [1, {"b": {"__proto__": 1}}], "c": {"__proto__": 2}}') as unknown;
    expect(protoKeyPath(doc)).toStrictEqual(['a', 1, 'b', '__proto__']);
    expect(protoKeyPath({ a: [{ b: 1 }], constructor: 'x' })).toBeUndefined();
  });

  it('walks a list of 200,000 items without overflowing the stack', () => {
    const list: unknown[] = Array.from({ length: 200_000 }, () => ({ a: 1 }));
    list.push(JSON.parse('{"__proto__": 1}'));
    expect(protoKeyPath({ list })).toStrictEqual(['list', 200_000, '__proto__']);
  });

  it('finds nothing in any JSON value without such a key (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        expect(protoKeyPath(JSON.parse(text)) !== undefined).toBe(text.includes('"__proto__":'));
      }),
    );
  });

  it('finds a lone surrogate in a string or a key, and accepts paired ones', () => {
    expect(unsafeData({ a: ['ok 😀', 'bad \ud800 x'] })).toStrictEqual({
      path: ['a', 1],
      message: 'is not valid Unicode text (it holds a lone surrogate)',
    });
    expect(unsafeData({ ['k\udc00']: 1 })?.path).toStrictEqual(['k\udc00']);
    expect(unsafeData({ a: '😀\u{10ffff}' })).toBeUndefined();
  });
});
