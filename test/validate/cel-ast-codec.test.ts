import { parse, plan } from '@bufbuild/cel';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, test } from 'vitest';
import { decodeCelAst, encodeCelAst } from '../../src/validate/cel-ast-codec.js';
import { kubernetesCelEnv } from '../../src/validate/cel-environment.js';
import { isTransitionRule } from '../../src/validate/cel-rule-cache.js';
import { loadKindSchemas } from '../../src/validate/schema-registry.js';

/** Every rule and messageExpression text in imports/schemas. */
function schemaRuleTexts(): string[] {
  const texts = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const rules = (node as { 'x-kubernetes-validations'?: unknown })['x-kubernetes-validations'];
    if (Array.isArray(rules)) {
      for (const r of rules as { rule: string; messageExpression?: string }[]) {
        texts.add(r.rule);
        if (r.messageExpression) texts.add(r.messageExpression);
      }
    }
    Object.values(node).forEach(visit);
  };
  for (const kind of loadKindSchemas()) visit(kind.schema);
  return [...texts].filter((t) => !isTransitionRule(t));
}

/** CEL expressions over literals of every type (int64 and uint ids and constants, bytes, doubles, unicode). */
const celExpression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((n) => `${n}u`),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }).map((d) => (Number.isInteger(d) ? `${d}.0` : String(d))),
    fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => JSON.stringify(s)),
    fc.uint8Array({ maxLength: 6 }).map((b) => `b"${[...b].map((x) => `\\x${x.toString(16).padStart(2, '0')}`).join('')}"`),
    fc.constantFrom('true', 'false', 'null', 'self', 'self.spec', 'has(self.a)', 'self.x[0]'),
    fc.tuple(tie('expr'), fc.constantFrom('==', '!=', '<', '+', '&&', '||', 'in'), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.array(tie('expr'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.tuple(tie('expr'), tie('expr')).map(([k, v]) => `{${k}: ${v}}`),
    tie('expr').map((x) => `size(${x})`),
    tie('expr').map((x) => `[1, 2].all(e, e < ${x})`),
    tie('expr').map((x) => `${x}.matches("^a+$") ? 1 : -1`),
  ),
})).expr;

/** Parses `text`, or undefined when it does not parse. */
function tryParse(text: string): ReturnType<typeof parse> | undefined {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

describe('CEL syntax trees as text |', () => {
  test('every rule of the schemas comes back exactly as the parser made it', () => {
    const texts = schemaRuleTexts();
    expect(texts.length).toBeGreaterThan(150);
    for (const text of texts) {
      const parsed = tryParse(text);
      if (parsed === undefined) continue;
      expect(decodeCelAst(encodeCelAst(parsed)), text).toStrictEqual(parsed);
    }
  });

  test('random expressions over every literal type come back exactly, and evaluate the same', () => {
    let parsedCount = 0;
    fc.assert(
      fc.property(celExpression, (text) => {
        const parsed = tryParse(text);
        if (parsed === undefined) return;
        parsedCount++;
        const decoded = decodeCelAst(encodeCelAst(parsed)) as typeof parsed;
        expect(isDeepStrictEqual(decoded, parsed)).toBe(true);
        const self = { spec: 1n, a: 'x', x: [true] };
        const run = (p: typeof parsed): unknown => {
          try {
            return plan(kubernetesCelEnv(), p)({ self });
          } catch (e) {
            return e instanceof Error ? e.message : e;
          }
        };
        expect(run(decoded)).toStrictEqual(run(parsed));
      }),
      { numRuns: 300 },
    );
    expect(parsedCount).toBeGreaterThan(100);
  });
});
