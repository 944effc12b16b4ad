import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatProblem } from '../../src/contracts/problem.js';
import type { Manifest } from '../../src/contracts/manifest.js';
import { cachedRe2 } from '../../src/validate/cel-environment.js';
import { newCelRun, validateCelRules, type CelRun } from '../../src/validate/cel-validator.js';
import type { JsonSchema } from '../../src/contracts/json.js';
import { defaultSchemaRegistry, type KindSchema } from '../../src/validate/schema-registry.js';
import * as fx from '../support/valid-manifests.js';

/** A made-up CRD whose `spec` has the given properties and rules. */
function widgetKind(spec: JsonSchema): KindSchema {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    scope: 'Namespaced',
    fromCrd: true,
    schema: {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        spec: { type: 'object', ...spec },
      },
    },
  };
}

function check(spec: JsonSchema, value: Record<string, unknown>, run?: CelRun): string[] {
  const manifest: Manifest = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'team-a' }, spec: value };
  return validateCelRules({ manifest }, widgetKind(spec), manifest, run).map(formatProblem);
}

const rule = (text: string, message?: string) => ({ 'x-kubernetes-validations': [{ rule: text, ...(message ? { message } : {}) }] });

describe('validateCelRules |', () => {
  test('binds `self` at the node that has the rule and reports its message at that field', () => {
    const spec = { properties: { size: { type: 'string', ...rule("self != 'huge'", 'size must not be huge') } } };
    expect(check(spec, { size: 'small' })).toEqual([]);
    expect(check(spec, { size: 'huge' })).toEqual(['error: Widget team-a/w: spec.size: size must not be huge']);
  });

  test('a rule without a message reports "failed rule: <rule>"', () => {
    expect(check(rule('has(self.a)'), {})).toEqual(['error: Widget team-a/w: spec: failed rule: has(self.a)']);
  });

  test('evaluates the messageExpression when it gives a string, else falls back to the message', () => {
    const spec = {
      properties: { replicas: { type: 'integer' } },
      'x-kubernetes-validations': [
        { rule: 'self.replicas < 3', messageExpression: "'too many replicas: ' + string(self.replicas)", message: 'unused' },
        { rule: 'self.replicas < 2', messageExpression: 'self.replicas', message: 'at most 1 replica' },
      ],
    };
    expect(check(spec, { replicas: 5 })).toEqual([
      'error: Widget team-a/w: spec: too many replicas: 5',
      'error: Widget team-a/w: spec: at most 1 replica',
    ]);
  });

  test('uses a messageExpression result trimmed, and falls back when it is blank, has a line break or is over 5 KiB', () => {
    const spec = (messageExpression: string) => ({
      properties: { name: { type: 'string' } },
      'x-kubernetes-validations': [{ rule: "self.name == 'ok'", messageExpression, message: 'the fallback message' }],
    });
    expect(check(spec("'  bad name: ' + self.name + '  '"), { name: 'x' })).toEqual(['error: Widget team-a/w: spec: bad name: x']);
    expect(check(spec("'   '"), { name: 'x' })).toEqual(['error: Widget team-a/w: spec: the fallback message']);
    expect(check(spec("'bad\\nname'"), { name: 'x' })).toEqual(['error: Widget team-a/w: spec: the fallback message']);
    expect(check(spec("'bad name ' + self.name"), { name: 'n'.repeat(5 * 1024) })).toEqual([
      'error: Widget team-a/w: spec: the fallback message',
    ]);
  });

  test('escapes control characters that a messageExpression copies from the object', () => {
    const spec = {
      properties: { name: { type: 'string' } },
      'x-kubernetes-validations': [{ rule: "self.name == 'ok'", messageExpression: "'bad name: ' + self.name" }],
    };
    expect(check(spec, { name: '\u001b[31mred' })).toEqual(['error: Widget team-a/w: spec: bad name: \\u001b[31mred']);
  });

  test("adds the rule's fieldPath to the node's path", () => {
    const spec = {
      properties: { min: { type: 'integer' }, max: { type: 'integer' } },
      'x-kubernetes-validations': [{ rule: 'self.min <= self.max', message: 'min must not exceed max', fieldPath: '.min' }],
    };
    expect(check(spec, { min: 4, max: 2 })).toEqual(['error: Widget team-a/w: spec.min: min must not exceed max']);
  });

  test('integer fields are CEL ints (bigint), so int arithmetic and comparisons work', () => {
    const spec = { properties: { port: { type: 'integer', ...rule('self + 1 <= 65535 && self % 2 == 0', 'even port below 65535') } } };
    expect(check(spec, { port: 8080 })).toEqual([]);
    expect(check(spec, { port: 8081 })).toEqual(['error: Widget team-a/w: spec.port: even port below 65535']);
  });

  test('number fields are doubles, and int-or-string is an int or a string', () => {
    const spec = {
      properties: {
        ratio: { type: 'number', ...rule('type(self) == double && self < 1.0', 'ratio below 1') },
        port: { 'x-kubernetes-int-or-string': true, ...rule("type(self) == int ? self > 0 : self.startsWith('p')", 'bad port') },
      },
    };
    expect(check(spec, { ratio: 0.5, port: 80 })).toEqual([]);
    // 2 is a whole number in JSON, and still a double for a `number` field.
    expect(check(spec, { ratio: 2, port: 'http' })).toEqual([
      'error: Widget team-a/w: spec.ratio: ratio below 1',
      'error: Widget team-a/w: spec.port: bad port',
    ]);
    expect(check(spec, { ratio: 0, port: 'p80' })).toEqual([]);
  });

  test('reserved words and . - / in property names are escaped the way the API server does', () => {
    const spec = {
      properties: {
        namespace: { type: 'string' },
        'app.kubernetes.io/name': { type: 'string' },
        'max-size': { type: 'integer' },
        a__b: { type: 'string' },
      },
      ...rule(
        "self.__namespace__ == 'team-a' && self.app__dot__kubernetes__dot__io__slash__name == 'w' && self.max__dash__size == 3 && self.a__underscores__b == 'x'",
        'escaped names',
      ),
    };
    expect(check(spec, { namespace: 'team-a', 'app.kubernetes.io/name': 'w', 'max-size': 3, a__b: 'x' })).toEqual([]);
    expect(check(spec, { namespace: 'team-b', 'app.kubernetes.io/name': 'w', 'max-size': 3, a__b: 'x' })).toEqual([
      'error: Widget team-a/w: spec: escaped names',
    ]);
  });

  test('has() is false for absent fields and true for present ones; undeclared fields are not visible', () => {
    const spec = {
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      ...rule('has(self.a) != has(self.b)', 'exactly one of a and b'),
    };
    expect(check(spec, { a: 'x' })).toEqual([]);
    expect(check(spec, { b: 'y' })).toEqual([]);
    expect(check(spec, {})).toEqual(['error: Widget team-a/w: spec: exactly one of a and b']);
    expect(check(spec, { a: 'x', b: 'y' })).toEqual(['error: Widget team-a/w: spec: exactly one of a and b']);
    expect(check({ ...spec, 'x-kubernetes-preserve-unknown-fields': true }, { a: 'x', c: 'z' })).toEqual([]);
  });

  test('descends into every list element and map value, and maps keep their keys', () => {
    const spec = {
      properties: {
        items: {
          type: 'array',
          items: { type: 'object', properties: { n: { type: 'integer' } }, ...rule('self.n > 0', 'n must be positive') },
        },
        labels: {
          type: 'object',
          additionalProperties: { type: 'string', ...rule('self != ""', 'empty value') },
          ...rule("'app.io/x' in self", 'needs app.io/x'),
        },
      },
    };
    expect(check(spec, { items: [{ n: 1 }, { n: 0 }, { n: -1 }], labels: { 'app.io/x': 'a', other: '' } })).toEqual([
      'error: Widget team-a/w: spec.items[1]: n must be positive',
      'error: Widget team-a/w: spec.items[2]: n must be positive',
      'error: Widget team-a/w: spec.labels.other: empty value',
    ]);
    expect(check(spec, { labels: {} })).toEqual(['error: Widget team-a/w: spec.labels: needs app.io/x']);
  });

  test('transition rules (oldSelf) are skipped', () => {
    const spec = { properties: { id: { type: 'string', ...rule('self == oldSelf', 'immutable') } } };
    expect(check(spec, { id: 'x' })).toEqual([]);
  });

  test('a rule that cannot be evaluated is an error saying why', () => {
    const spec = { properties: { a: { type: 'string' } }, ...rule('self.a == "x"', 'a must be x') };
    expect(check(spec, {})).toEqual([
      'error: Widget team-a/w: spec: CEL rule "self.a == \\"x\\"" could not be evaluated: field not found: a',
    ]);
    expect(check(rule('1', 'one'), {})).toEqual([
      'error: Widget team-a/w: spec: CEL rule "1" could not be evaluated: it gave the int 1, not a bool',
    ]);
  });

  test('a rule calling a function we do not implement is skipped with one warning per run', () => {
    const spec = { properties: { xs: { type: 'array', items: { type: 'integer' }, ...rule('self.isSorted()', 'must be sorted') } } };
    const run = newCelRun();
    const warning =
      'warning: Widget team-a/w: spec.xs: CEL rule "self.isSorted()" not checked: it calls isSorted(), which the offline validator does not implement (objects using this rule are not checked against it)';
    expect(check(spec, { xs: [2, 1] }, run)).toEqual([warning]);
    expect(check(spec, { xs: [3, 1] }, run)).toEqual([]);
    expect(check(spec, { xs: [3, 1] })).toEqual([warning]);
  });

  test('the global matches(text, regex) works like the member form', () => {
    const spec = {
      properties: { d: { type: 'string', ...rule("matches(self, '^[0-9]+(ms|s)$') && self.matches('s$')", 'bad duration') } },
    };
    expect(check(spec, { d: '15s' })).toEqual([]);
    expect(check(spec, { d: '15m' })).toEqual(['error: Widget team-a/w: spec.d: bad duration']);
  });

  test('a pattern is compiled once and reused; a bad pattern fails every time in both forms', () => {
    expect(cachedRe2.compile('^a+$')).toBe(cachedRe2.compile('^a+$'));
    const spec = {
      properties: {
        p: { type: 'string', ...rule('self.matches(self)', 'no match') },
        q: { type: 'string', ...rule('matches(self, self)', 'no match') },
      },
    };
    // The same value as the pattern matches itself; an unbalanced one does not compile, on each use.
    expect(check(spec, { p: 'abc', q: 'abc' })).toEqual([]);
    for (let i = 0; i < 2; i++) {
      const out = check(spec, { p: '(', q: '(' });
      expect(out).toHaveLength(2);
      for (const line of out) expect(line).toMatch(/could not be evaluated: .*missing closing \)/);
    }
  });

  test('only metadata.name and generateName are visible to a rule on the root', () => {
    const kind = widgetKind({});
    const root = {
      ...kind,
      schema: { ...kind.schema, ...rule("self.metadata.name.startsWith('w') && !has(self.metadata.namespace)", 'root rule') },
    };
    const manifest: Manifest = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'team-a' }, spec: {} };
    expect(validateCelRules({ manifest }, root, manifest)).toEqual([]);
  });

  test('never throws, even on shapes the structural step would reject', () => {
    const objects = fx.validObjects();
    const key = fc.constantFrom('spec', 'mcp', 'targets', 0, 'static', 'rules', 'listeners', 'traffic', 'name', 'port');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: objects.length - 1 }), fc.jsonValue(), fc.array(key, { maxLength: 4 }), (i, value, path) => {
        const manifest = structuredClone(objects[i]) as any;
        let node = manifest;
        for (const key of path.slice(0, -1)) {
          if (typeof node[key] !== 'object' || node[key] === null) node[key] = typeof key === 'number' ? [] : {};
          node = node[key];
        }
        node[path[path.length - 1] ?? 'spec'] = value;
        const kind = defaultSchemaRegistry().lookup(manifest.apiVersion, manifest.kind) as KindSchema;
        for (const p of validateCelRules({ manifest }, kind, manifest)) expect(p.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
