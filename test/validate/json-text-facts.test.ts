import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { jsonTextFacts } from '../../src/validate/json-text-facts.js';
import { loadKindSchemas } from '../../src/validate/schema-registry.js';

/** The oracle: the text itself. */
function written(value: unknown): { length: number; mentionsRef: boolean } {
  const text = (JSON.stringify(value) as string | undefined) ?? 'null';
  return { length: text.length, mentionsRef: text.includes('"$ref"') };
}

/** Strings around `$ref`, quotes and escapes, where a naive reading of the text goes wrong. */
const tricky = fc.constantFrom(
  '$ref',
  '"$ref',
  '$ref"',
  'a"$ref',
  '\\"$ref',
  '$re',
  'ref',
  '#/$defs/X',
  '"',
  '\\',
  '\u2028',
  '😀',
  '\u0000',
);

const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    tricky,
    fc.constantFrom(undefined, 1.5e300, -0, 1e-7),
    fc.array(fc.oneof(tie('v'), fc.constant(undefined)), { maxLength: 4 }),
    fc.dictionary(fc.oneof(tricky, fc.string({ maxLength: 4 })), tie('v'), { maxKeys: 4 }),
  ),
})).v;

describe('jsonTextFacts |', () => {
  test('gives the length and the "$ref" of the JSON text, for any value', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(jsonTextFacts(v)).toEqual(written(v));
      }),
      { numRuns: 2000 },
    );
  });

  test('gives them for every node of the committed schemas', () => {
    const visit = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      expect(jsonTextFacts(node)).toEqual(written(node));
      Object.values(node).forEach(visit);
    };
    for (const kind of loadKindSchemas()) visit(kind.schema);
  });
});
