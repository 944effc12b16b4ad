import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/contracts/problem.js';
import { Document, parseDocument, visit } from 'yaml';
import { YAML_LIMITS, mayHoldAliases, readYamlDocuments } from '../../src/intent/yaml-documents.js';

function read(text: string) {
  const problems: Problem[] = [];
  const docs = [...readYamlDocuments(text, 'in.yaml', problems)];
  return { values: docs.map((d) => d.value), lines: docs.map((d) => d.line), problems };
}

/** The billion laughs: each level holds nine aliases of the one before, 9^levels strings in all. */
function laughs(levels: number): string {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: x',
    'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ];
  for (let i = 1; i <= levels; i++) lines.push(`l${i}: &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}

describe('readYamlDocuments | anchors, aliases and merge keys', () => {
  it('reads anchors, aliases and merge keys as the expanded document reads', () => {
    const withAliases = [
      'base: &base {cpu: "1", memory: 1Gi}',
      'labels: &labels',
      '  app: weather',
      'limits: *base',
      'requests:',
      '  <<: *base',
      '  cpu: 500m',
      'both:',
      '  <<: [*base, {gpu: "1"}]',
      'meta: {labels: *labels}',
    ].join('\n');
    const expanded = [
      'base: {cpu: "1", memory: 1Gi}',
      'labels:',
      '  app: weather',
      'limits: {cpu: "1", memory: 1Gi}',
      'requests: {cpu: 500m, memory: 1Gi}',
      'both: {cpu: "1", memory: 1Gi, gpu: "1"}',
      'meta: {labels: {app: weather}}',
    ].join('\n');
    const a = read(withAliases);
    expect(a.problems).toStrictEqual([]);
    expect(a.values).toStrictEqual(read(expanded).values);
  });

  it('gives every alias its own copy, so changing one place never changes another', () => {
    const { values } = read('a: &m {k: v}\nb: *m\nc: *m\n');
    const doc = values[0] as Record<string, Record<string, string>>;
    expect(doc.b).not.toBe(doc.a);
    expect(doc.c).not.toBe(doc.b);
  });

  it('refuses the billion laughs with the file and line of the alias that goes past the limit, quickly', () => {
    const { values, problems } = read(laughs(9));
    expect(values).toStrictEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.origin?.file).toBe('in.yaml');
    // Level 6 (line 11) holds 9^7 = 4.8 million strings: the first alias past a million nodes sits there.
    expect(problems[0]?.origin?.line).toBe(11);
    expect(problems[0]?.message).toMatch(/^aliases would expand this document to more than 1000000 nodes \(an alias bomb\?\)/);
  });

  it('refuses a smaller bomb that expands past ten times what was written, at its line', () => {
    // 9^6 = 531,441 strings from a 10-line document: under the absolute bound, far over the ratio.
    const { problems } = read(laughs(5));
    expect(problems.map((p) => p.origin?.line)).toStrictEqual([10]);
    expect(problems[0]?.message).toMatch(/^aliases would expand this document to more than 100000 nodes /);
  });

  it('accepts many aliases of a small anchor within the limits', () => {
    const text = ['base: &b {a: 1, b: 2}', 'items:', ...Array.from({ length: 2000 }, () => '  - *b')].join('\n');
    const { values, problems } = read(text);
    expect(problems).toStrictEqual([]);
    expect((values[0] as { items: unknown[] }).items).toHaveLength(2000);
  });

  it('refuses more aliases than the count limit in one document', () => {
    const n = YAML_LIMITS.aliases + 1;
    const text = ['s: &s x', 'items:', ...Array.from({ length: n }, () => '  - *s')].join('\n');
    const { problems } = read(text);
    expect(problems.map((p) => [p.origin?.line, p.message])).toStrictEqual([
      [n + 2, `more than ${YAML_LIMITS.aliases} aliases in one document; expand some of them`],
    ]);
  });

  it('refuses an alias to an undefined anchor, and one used before its anchor, with the line', () => {
    expect(read('a: 1\nb: *nope\n').problems).toStrictEqual([
      {
        severity: 'error',
        message: 'alias *nope refers to no anchor; define &nope before the alias',
        origin: { file: 'in.yaml', line: 2 },
      },
    ]);
    expect(read('a: *late\nb: &late 1\n').problems.map((p) => p.origin?.line)).toStrictEqual([1]);
  });

  it('refuses a merge key whose value is not a map, at its line, but reads a quoted "<<" as a plain key', () => {
    const { values, problems } = read('a: 1\n<<: not-a-map\n---\nb: &m {x: 1}\nc:\n  <<: [*m, 3]\n---\n"<<": plain\n');
    expect(problems).toStrictEqual([
      {
        severity: 'error',
        message: 'a "<<" merge key needs a map, an alias of a map, or a list of them as its value (as kubectl reads it)',
        origin: { file: 'in.yaml', line: 2 },
      },
      {
        severity: 'error',
        message: 'a "<<" merge key needs a map, an alias of a map, or a list of them as its value (as kubectl reads it)',
        origin: { file: 'in.yaml', line: 6 },
      },
    ]);
    expect(values).toStrictEqual([{ '<<': 'plain' }]);
  });

  it('refuses an anchor that contains its own alias', () => {
    const { problems } = read('a: &a\n  - 1\n  - *a\n');
    expect(problems.map((p) => [p.origin?.line, p.message])).toStrictEqual([
      [3, 'alias *a is inside the node anchored as &a, which would contain itself'],
    ]);
  });

  it('skips only the bad document of a file and reads the others', () => {
    const { values, lines, problems } = read('a: 1\n---\nb: *x\n---\nc: 3\n');
    expect(values).toStrictEqual([{ a: 1 }, { c: 3 }]);
    expect(lines).toStrictEqual([1, 5]);
    expect(problems.map((p) => p.origin?.line)).toStrictEqual([3]);
  });

  it('refuses pathological nesting cleanly, at its line', () => {
    const { values, problems } = read(`ok: 1\n---\na: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    expect(values).toStrictEqual([{ ok: 1 }]);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toStrictEqual({
      severity: 'error',
      message: 'the YAML is nested too deeply to read',
      origin: { file: 'in.yaml', line: 3 },
    });
  });

  it('echoes an alias name escaped and capped', () => {
    const name = `x${'y'.repeat(1000)}`;
    const { problems } = read(`a: *${name}\n`);
    expect(problems[0]?.message.length).toBeLessThan(600);
    expect(problems[0]?.message.split(name.slice(0, 150)).length).toBe(3);
  });
});

describe('readYamlDocuments | values as kubectl reads them', () => {
  it('reads YAML 1.1 scalars as go-yaml v2 does, but timestamps stay strings', () => {
    expect(read('a: yes\nb: 0777\nc: 2024-01-01\nd: 2001-12-14t21:59:43.10-05:00\n').values).toStrictEqual([
      { a: true, b: 511, c: '2024-01-01', d: '2001-12-14t21:59:43.10-05:00' },
    ]);
  });

  it('keeps an own __proto__ key as data and never changes a prototype', () => {
    const { values } = read('__proto__: {polluted: true}\nm: {__proto__: [1]}\n');
    const doc = values[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(Object.keys(doc)).toStrictEqual(['__proto__', 'm']);
    expect(Object.getOwnPropertyDescriptor(doc, '__proto__')?.value).toStrictEqual({ polluted: true });
    expect(Object.getPrototypeOf(doc.m)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads a file of 125,000 documents one at a time, without overflowing the stack', () => {
    const text = Array.from({ length: 125_000 }, (_, i) => `i: ${i}`).join('\n---\n');
    let count = 0;
    let last: unknown;
    const problems: Problem[] = [];
    for (const doc of readYamlDocuments(text, 'in.yaml', problems)) {
      count++;
      last = doc.value;
    }
    expect(problems).toStrictEqual([]);
    expect(count).toBe(125_000);
    expect(last).toStrictEqual({ i: 124_999 });
  });

  it('reads any plain JSON-like value back as written, with aliases or without (property)', () => {
    // Oracle: the same value written once with an anchor and aliased elsewhere reads as it written twice.
    const key = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
    const scalar = fc.oneof(fc.integer(), fc.boolean(), fc.stringMatching(/^[a-z ]{0,8}$/));
    const value = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 3 })),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const json = JSON.stringify(v);
        const aliased = read(`a: &x ${json}\nb: *x\n`);
        expect(aliased.problems).toStrictEqual([]);
        expect(aliased.values).toStrictEqual(read(`a: ${json}\nb: ${json}\n`).values);
      }),
      { numRuns: 200 },
    );
  });
});

describe('readYamlDocuments | documents without aliases', () => {
  it('tells a source that may hold an alias from one that cannot, whatever stands before the *', () => {
    for (const text of [
      'a: *x',
      '*x: 1',
      '- *x',
      '[*x]',
      '[a,*x]',
      '{a: *x}',
      '{*x : 1}',
      'a:\t*x',
      '? *x\n: 1',
      'a: [\n*x]',
      '{"k":*x}',
      "['k':*x]",
      '["k":**x]',
    ]) {
      expect(mayHoldAliases(text), text).toBe(true);
    }
    for (const text of ['a: get_*', 'a: "*_admin"', "a: '*'", 'a: b*c', 'a: [x*]', 'a: "\\*"']) {
      expect(mayHoldAliases(text), text).toBe(false);
    }
  });

  it('refuses an alias bomb written in flow style after quoted keys, with no space before the aliases', () => {
    const lines = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: x}',
      'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    for (let i = 1; i <= 8; i++) lines.push(`l${i}: &l${i} {${Array.from({ length: 9 }, (_, k) => `"k${k}":*l${i - 1}`).join(',')}}`);
    const { values, problems } = read(lines.join('\n') + '\n');
    expect(values).toStrictEqual([]);
    expect(problems[0]?.message).toMatch(/^aliases would expand this document to more than 1000000 nodes \(an alias bomb\?\)/);
  });

  it('finds every alias the library finds, in block and flow style (property)', () => {
    // The library writes a shared object once with an anchor and then as aliases.
    const key = fc.stringMatching(/^[a-z*][a-z0-9*_]{0,5}$/);
    const scalar = fc.oneof(fc.integer(), fc.boolean(), fc.stringMatching(/^[a-z* _]{0,8}$/));
    const leaf = fc.dictionary(key, scalar, { minKeys: 1, maxKeys: 2 });
    const doc = fc
      .tuple(
        leaf,
        fc.array(fc.tuple(key, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 5 }),
        fc.constantFrom<'block' | 'flow'>('block', 'flow'),
      )
      .map(([shared, places, style]) => {
        const root: Record<string, unknown> = {};
        for (const [k, useShared, inList] of places) {
          const v = useShared ? shared : { ...shared };
          root[k] = inList ? [v, 'x'] : v;
        }
        return new Document(root).toString({ collectionStyle: style });
      });
    fc.assert(
      fc.property(doc, (text) => {
        let aliases = 0;
        visit(parseDocument(text), {
          Alias: () => {
            aliases++;
          },
        });
        if (aliases > 0) expect(mayHoldAliases(text)).toBe(true);
        // Read either way, no object is shared between two places.
        const seen = new Set<object>();
        const own = (v: unknown): boolean => {
          if (typeof v !== 'object' || v === null) return true;
          if (seen.has(v)) return false;
          seen.add(v);
          return Object.values(v).every(own);
        };
        const { values, problems } = read(text);
        expect(problems).toStrictEqual([]);
        expect(own(values[0])).toBe(true);
        expect(values[0]).toStrictEqual(parseDocument(text, { version: '1.1' }).toJS({ maxAliasCount: -1 }));
      }),
      { numRuns: 500 },
    );
  });

  it('reads a file with a %YAML 1.2 directive with the 1.2 schema, and the files around it with 1.1', () => {
    expect(read('a: yes\n').values).toStrictEqual([{ a: true }]);
    expect(read('%YAML 1.2\n---\na: yes\nb: 0777\n').values).toStrictEqual([{ a: 'yes', b: 777 }]);
    expect(read('a: yes\nb: 0777\n').values).toStrictEqual([{ a: true, b: 511 }]);
  });
});
