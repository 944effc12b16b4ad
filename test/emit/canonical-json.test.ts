import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize, compareKeys } from '../../src/emit/canonical-json.js';
import type { Manifest } from '../../src/contracts/manifest.js';

function manifest(rest: Record<string, unknown>): Manifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'team-a' }, ...rest };
}

/** Rebuilds every object in `value` with its keys in a seeded random order. */
function shuffleKeys(value: unknown, seed: number): unknown {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  const go = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(go);
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      Object.defineProperty(out, k, { value: go((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return go(value);
}

describe('compareKeys', () => {
  it('uses code-unit order, not locale order', () => {
    const keys = ['b', 'a', 'B', '_x', 'é', 'Z', '10', '2', 'aa'];
    expect(keys.sort((a, b) => compareKeys(a, b, false))).toEqual(['10', '2', 'B', 'Z', '_x', 'a', 'aa', 'b', 'é']);
  });

  it('puts apiVersion, kind, metadata first only at the top level', () => {
    const keys = ['spec', 'metadata', 'data', 'kind', 'apiVersion', 'Zeta'];
    expect([...keys].sort((a, b) => compareKeys(a, b, true))).toEqual(['apiVersion', 'kind', 'metadata', 'Zeta', 'data', 'spec']);
    expect([...keys].sort((a, b) => compareKeys(a, b, false))).toEqual(['Zeta', 'apiVersion', 'data', 'kind', 'metadata', 'spec']);
  });
});

describe('canonicalize', () => {
  it('orders top-level keys apiVersion, kind, metadata, then the rest sorted', () => {
    const out = canonicalize({
      spec: {},
      data: {},
      metadata: { name: 'x' },
      kind: 'ConfigMap',
      apiVersion: 'v1',
      binaryData: {},
    });
    expect(Object.keys(out)).toEqual(['apiVersion', 'kind', 'metadata', 'binaryData', 'data', 'spec']);
  });

  it('sorts nested keys in code-unit order and does not promote a nested "kind"', () => {
    const out = canonicalize(manifest({ spec: { zeta: 1, kind: 'x', Alpha: 2, apiVersion: 'y', _u: 3 } }));
    expect(Object.keys(out.spec as object)).toEqual(['Alpha', '_u', 'apiVersion', 'kind', 'zeta']);
    expect(Object.keys(out.metadata)).toEqual(['name', 'namespace']);
  });

  it('keeps array order', () => {
    const out = canonicalize(manifest({ spec: { rules: [{ b: 1, a: 2 }, 'z', 'a', 3, null] } }));
    expect(out.spec).toEqual({ rules: [{ a: 2, b: 1 }, 'z', 'a', 3, null] });
    expect(Object.keys((out.spec as { rules: object[] }).rules[0]!)).toEqual(['a', 'b']);
  });

  it('drops undefined map values at every level', () => {
    const out = canonicalize(manifest({ spec: { a: undefined, b: { c: undefined, d: 1 } }, status: undefined }));
    expect(out).toStrictEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'team-a' },
      spec: { b: { d: 1 } },
    });
    expect('status' in out).toBe(false);
  });

  it('returns a deep copy and leaves the input alone', () => {
    const input = manifest({ spec: { list: [{ x: 1 }], nested: { y: 2 } } });
    const before = JSON.stringify(input);
    const out = canonicalize(input) as unknown as { spec: { list: { x: number }[]; nested: { y: number } } };
    out.spec.list[0]!.x = 99;
    out.spec.nested.y = 99;
    expect(JSON.stringify(input)).toBe(before);
  });

  it('copies shared (non-circular) sub-objects instead of rejecting them', () => {
    const shared = { port: 80 };
    const out = canonicalize(manifest({ spec: { a: shared, b: shared } })) as unknown as { spec: { a: object; b: object } };
    expect(out.spec.a).toEqual({ port: 80 });
    expect(out.spec.a).not.toBe(out.spec.b);
  });

  it('writes -0 as 0, like JSON', () => {
    const out = canonicalize(manifest({ spec: { n: -0, list: [-0] } })) as unknown as { spec: { n: number; list: number[] } };
    expect(Object.is(out.spec.n, 0)).toBe(true);
    expect(Object.is(out.spec.list[0], 0)).toBe(true);
  });

  it('accepts null-prototype objects and keeps a "__proto__" key as data', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare['b'] = 1;
    bare['a'] = 2;
    const withProto = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as object;
    const out = canonicalize(manifest({ data: bare, spec: withProto })) as unknown as { data: object; spec: Record<string, unknown> };
    expect(Object.keys(out.data)).toEqual(['a', 'b']);
    expect(Object.keys(out.spec)).toEqual(['__proto__', 'x']);
    expect(Object.getPrototypeOf(out.spec)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a function', { spec: { handler: () => 1 } }, /ConfigMap team-a\/cfg: spec\.handler: a function is not a JSON value/],
    [
      'a Date',
      { metadata: { name: 'cfg', namespace: 'team-a', annotations: { 'example.com/at': new Date(0) } } },
      /metadata\.annotations\["example\.com\/at"\]: an instance of Date is not plain JSON/,
    ],
    [
      'a class instance',
      {
        spec: {
          x: new (class Port {
            n = 1;
          })(),
        },
      },
      /spec\.x: an instance of Port is not plain JSON/,
    ],
    ['a Map', { spec: { m: new Map() } }, /spec\.m: an instance of Map/],
    ['NaN', { spec: { rules: [{ weight: 1 }, { weight: Number.NaN }] } }, /spec\.rules\[1\]\.weight: NaN is not a JSON number/],
    ['Infinity', { spec: { n: Number.POSITIVE_INFINITY } }, /spec\.n: Infinity is not a JSON number/],
    ['-Infinity', { spec: { n: Number.NEGATIVE_INFINITY } }, /spec\.n: -Infinity is not a JSON number/],
    ['a bigint', { spec: { n: 10n } }, /spec\.n: a bigint is not a JSON value/],
    ['a symbol', { spec: { s: Symbol('x') } }, /spec\.s: a symbol is not a JSON value/],
    ['undefined in an array', { spec: { args: ['a', undefined] } }, /spec\.args\[1\]: undefined inside an array/],
    // eslint-disable-next-line no-sparse-arrays
    ['a sparse array', { spec: { args: ['a', , 'c'] } }, /spec\.args\[1\]: sparse array hole/],
    ['a lone surrogate in a value', { data: { k: 'a\uD800b' } }, /data\.k: string contains a lone UTF-16 surrogate/],
    ['a lone surrogate in a key', { data: { ['k\uDC00']: 'v' } }, /key contains a lone UTF-16 surrogate/],
    ['a symbol-keyed property', { spec: { [Symbol('s')]: 1 } }, /spec: symbol-keyed properties/],
    ['a boxed string', { spec: { s: new String('x') } }, /spec\.s: an instance of String/],
  ])('rejects %s, naming the path', (_, rest, error) => {
    expect(() => canonicalize(manifest(rest))).toThrow(error);
  });

  it('rejects circular references', () => {
    const spec: Record<string, unknown> = { a: 1 };
    spec['self'] = { back: spec };
    expect(() => canonicalize(manifest({ spec }))).toThrow(/spec\.self\.back: circular reference/);
  });

  it('rejects a non-object manifest', () => {
    expect(() => canonicalize([] as unknown as Manifest)).toThrow(/manifest must be a plain object/);
  });

  it('is idempotent', () => {
    const once = canonicalize(manifest({ spec: { b: [{ d: 1, c: 2 }], a: 'x' } }));
    expect(canonicalize(once)).toStrictEqual(once);
    expect(JSON.stringify(canonicalize(once))).toBe(JSON.stringify(once));
  });

  it('property: any key order gives the same result, with the same JSON meaning', () => {
    const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('apiVersion', 'kind', 'metadata', '__proto__', '1', '10', 'B', 'a'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(fc.dictionary(key, json, { maxKeys: 6 }), fc.integer(), (rest, seed) => {
        const m = { ...rest, apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } as Manifest;
        const a = canonicalize(m);
        const b = canonicalize(shuffleKeys(m, seed) as Manifest);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        expect(JSON.parse(JSON.stringify(a))).toStrictEqual(JSON.parse(JSON.stringify(m)));
        // Integer-like keys always come first in a JS object; renderYaml restores their place.
        const named = Object.keys(a).filter((k) => !/^(?:0|[1-9][0-9]*)$/.test(k));
        expect(named.slice(0, 3)).toEqual(['apiVersion', 'kind', 'metadata']);
      }),
      { numRuns: 300 },
    );
  });
});
