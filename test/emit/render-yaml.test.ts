import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { canonicalize } from '../../src/emit/canonical-json.js';
import type { Manifest } from '../../src/contracts/manifest.js';
import { renderDirect, renderYaml } from '../../src/emit/render-yaml.js';
import { renderDocument, renderScalar } from '../../src/emit/yaml-document.js';

/** Characters the output must never hold raw: controls other than tab and LF (CR included), NEL, LS, PS, BOM. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

function configMap(data: Record<string, unknown>): Manifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'team-a' }, data };
}

/** Parses a YAML stream the way Kubernetes resolves scalars (1.1), failing on any error or warning. */
function parseStream(text: string, version: '1.1' | '1.2'): unknown[] {
  return parseAllDocuments(text, { version }).map((doc) => {
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([]);
    return doc.toJS();
  });
}

/** Strings that YAML 1.1, YAML 1.2 or go-yaml would read as something other than a string if left plain. */
const AMBIGUOUS = [
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'yes',
  'Yes',
  'YES',
  'no',
  'No',
  'NO',
  'y',
  'Y',
  'n',
  'N',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'null',
  'Null',
  'NULL',
  '~',
  '',
  '0x1F',
  '0X1F',
  '0x_1F',
  '1e3',
  '1E3',
  '1e+3',
  '1.5e-3',
  '012',
  '0o17',
  '0O17',
  '0b101',
  '0B101',
  '1_000',
  '1__0',
  '+12',
  '-12',
  '-0',
  '.5',
  '5.',
  '1.0',
  '1.28',
  '0',
  '007',
  '.inf',
  '-.inf',
  '+.INF',
  '.nan',
  '.NaN',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '12:30',
  '190:20:30',
  '-1:30.5',
  '<<',
  '=',
];

/** Strings that need quoting or escaping for syntax, not type, reasons. */
const AWKWARD = [
  '- a',
  '-',
  '?',
  ': x',
  'a: b',
  '#x',
  'x #y',
  '@x',
  '`x',
  '!tag',
  '&a',
  '*a',
  '%x',
  '|',
  '>',
  '{}',
  '[]',
  '[a, b]',
  '"q"',
  "'s'",
  'it\'s "both"',
  '  lead',
  'trail ',
  '\ttab',
  'a\tb',
  '---',
  '...',
  '--- x',
  'back\\slash',
  'a\nb',
  'a\nb\n',
  'a\n\nb\n\n',
  '\n',
  '\n\n',
  ' \n',
  'x\n ',
  '  indented\nx\n',
  'x\n  y\n',
  '--- a\n... b\n',
  '%x\ny',
  'crlf\r\nx\n',
  'cr\rx',
  'ends with space \nx',
  'tab at end\t\nx',
  'nul\u0000x',
  'bell\u0007',
  'esc\u001b[0m',
  'del\u007f',
  'nel\u0085x',
  'c1\u0090',
  'nbsp\u00a0x',
  'line\u2028sep',
  'para\u2029sep',
  'bom\ufeffx',
  '\ufeffstart',
  'nonchar\uffff',
  'emoji 😀',
  'é',
  '漢字',
  'x'.repeat(200),
  `${'long line '.repeat(30)}\nsecond line\n`,
];

describe('renderYaml', () => {
  it('writes apiVersion, kind, metadata first and every other key in code-unit order', () => {
    const out = renderYaml([
      {
        status: {},
        spec: { b: 1, a: [3, 1, 2], B: true },
        metadata: { namespace: 'team-a', name: 'x', labels: { b: 'c', '2': 'b', '10': 'a' } },
        kind: 'Thing',
        apiVersion: 'example.com/v1',
        '1': 1,
      },
    ]);
    expect(out).toBe(
      [
        'apiVersion: example.com/v1',
        'kind: Thing',
        'metadata:',
        '  labels:',
        '    "10": a',
        '    "2": b',
        '    b: c',
        '  name: x',
        '  namespace: team-a',
        '"1": 1',
        'spec:',
        '  B: true',
        '  a:',
        '    - 3',
        '    - 1',
        '    - 2',
        '  b: 1',
        'status: {}',
        '',
      ].join('\n'),
    );
  });

  it('joins documents with ---', () => {
    const a: Manifest = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } };
    const b: Manifest = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } };
    expect(renderYaml([a, b])).toBe(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n',
    );
    expect(renderYaml([])).toBe('');
  });

  it.each(AMBIGUOUS)('quotes %j as a value and as a key', (s) => {
    const out = renderYaml([configMap({ v: s, [s]: 'key' })]);
    const valueLine = out.split('\n').find((l) => l.startsWith('  v: '));
    expect(valueLine).toMatch(/^ {2}v: ["']/);
    expect(out).toMatch(/\n {2}["'].*["']: key\n/);
    const [back] = parseStream(out, '1.1') as [{ data: Record<string, string> }];
    expect(back.data['v']).toBe(s);
    expect(back.data[s]).toBe('key');
  });

  it('leaves ordinary strings plain', () => {
    const out = renderYaml([configMap({ a: 'hello', b: '100Mi', c: 'tg-weather', d: 'http://x.example.com:8080/a?b=c', e: 'v1.2.3' })]);
    expect(out).toContain('  a: hello\n  b: 100Mi\n  c: tg-weather\n  d: http://x.example.com:8080/a?b=c\n  e: v1.2.3\n');
  });

  it('renders a multi-line config file as a literal block', () => {
    const config = 'listen: 8080\nroutes:\n  - name: weather\n    enabled: yes\n';
    const out = renderYaml([configMap({ 'config.yaml': config })]);
    expect(out).toContain('data:\n  config.yaml: |\n    listen: 8080\n    routes:\n      - name: weather\n        enabled: yes\n');
  });

  it('uses the right chomping for literal blocks', () => {
    const out = renderYaml([configMap({ clip: 'a\nb\n', keep: 'a\nb\n\n', strip: 'a\nb' })]);
    expect(out).toContain('  clip: |\n    a\n    b\n');
    expect(out).toContain('  keep: |+\n    a\n    b\n\n');
    expect(out).toContain('  strip: |-\n    a\n    b\n');
  });

  it('double-quotes multi-line strings with trailing whitespace so no output line ends in whitespace', () => {
    const out = renderYaml([configMap({ a: 'x \ny', b: 'x\t\ny', c: '\n\n', d: 'x\ny ' })]);
    expect(out).toContain('  a: "x\\ \\ny"\n');
    for (const line of out.split('\n')) expect(line).not.toMatch(/[ \t]$/);
    expect((parseStream(out, '1.1')[0] as { data: unknown }).data).toEqual({ a: 'x \ny', b: 'x\t\ny', c: '\n\n', d: 'x\ny ' });
  });

  it('escapes characters Kubernetes rejects or reads as line breaks', () => {
    const out = renderYaml([
      configMap({ a: 'line\u2028sep', b: 'bom\ufeffx', c: 'nel\u0085x', d: 'del\u007f', e: 'nul\u0000', f: 'cr\r\n' }),
    ]);
    expect(out).toContain('  a: "line\\u2028sep"\n');
    expect(out).toContain('  b: "bom\\ufeffx"\n');
    expect(out).toContain('  c: "nel\\x85x"\n');
    expect(out).toContain('  d: "del\\x7f"\n');
    expect(out).toContain('  e: "nul\\x00"\n');
    expect(out).toContain('  f: "cr\\r\\n"\n');
    expect(out).not.toMatch(RAW_UNSAFE);
  });

  it('never folds long lines', () => {
    const long = 'word '.repeat(100).trim();
    const out = renderYaml([configMap({ long })]);
    expect(out).toContain(`  long: ${long}\n`);
  });

  it('writes shared objects out in full, without anchors or aliases', () => {
    const port = { port: 80, protocol: 'TCP' };
    const out = renderYaml([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [port, port] } }]);
    expect(out).not.toMatch(/[&*]/);
    expect(out.match(/port: 80/g)).toHaveLength(2);
  });

  it('rejects non-JSON values through canonicalize', () => {
    expect(() => renderYaml([configMap({ x: Number.NaN })])).toThrow(/data\.x: NaN/);
  });

  const tricky = fc.constantFrom(...AMBIGUOUS, ...AWKWARD);
  const noLoneSurrogates = (s: string): boolean => !/[\uD800-\uDFFF]/u.test(s);
  const text = fc.oneof(
    { weight: 4, arbitrary: tricky },
    { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }).filter(noLoneSurrogates) },
    {
      weight: 2,
      arbitrary: fc
        .array(
          fc.constantFrom('a', 'b', ' ', '  ', '\n', '\t', '#', ':', '-', '"', "'", '\\', '\r', '|', '>', '0', '1', '.', 'e', 'on', '---'),
          { maxLength: 12 },
        )
        .map((parts) => parts.join('')),
    },
  );
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      text,
      fc.integer(),
      fc.maxSafeInteger(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(text, tie('value'), { maxKeys: 5 }),
    ),
  })).value;
  const manifestArb = fc
    .record({ data: json, labels: fc.dictionary(text, text, { maxKeys: 3 }), rest: fc.dictionary(text, json, { maxKeys: 4 }) })
    .map(({ data, labels, rest }) => ({ ...rest, apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels }, data }));

  it('property: parsing the output as YAML 1.1 (and 1.2) gives back exactly the input JSON', () => {
    fc.assert(
      fc.property(fc.array(manifestArb, { minLength: 1, maxLength: 3 }), (manifests) => {
        const out = renderYaml(manifests);
        const expected = manifests.map((m) => JSON.parse(JSON.stringify(m)) as unknown);
        expect(parseStream(out, '1.1')).toStrictEqual(expected);
        expect(parseStream(out, '1.2')).toStrictEqual(expected);
        // Canonical: rendering what we parsed back gives the same bytes.
        expect(renderYaml(parseStream(out, '1.1') as Manifest[])).toBe(out);
        expect(out.endsWith('\n')).toBe(true);
        for (const line of out.split('\n')) expect(line).not.toMatch(/[ \t]$/);
        expect(out).not.toMatch(RAW_UNSAFE);
      }),
      { numRuns: 500 },
    );
  });

  // renderYaml writes maps, sequences and most strings itself; renderDocument builds the `yaml`
  // library's document model. They must agree byte for byte.
  const nearPlain = fc
    .array(
      fc.constantFrom('a', 'Z', 'y', 'n', 'on', 'No', 'null', 'true', '0', '9', '.', '_', '/', ':', '@', '+', '=', '-', '~', 'x', 'e'),
      { minLength: 1, maxLength: 6 },
    )
    .map((parts) => parts.join(''));
  const word = fc.oneof({ weight: 3, arbitrary: nearPlain }, { weight: 1, arbitrary: text });

  it('property: writes the same bytes as the library document model, for any JSON', () => {
    fc.assert(
      fc.property(manifestArb, (m) => {
        expect(renderYaml([m])).toBe(renderDocument(m));
      }),
      { numRuns: 1000 },
    );
  });

  it('property: writes the same bytes as the library for strings near the plain ones, as keys and values', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), (words) => {
        const m = configMap(Object.fromEntries(words.map((w, i) => [w, i % 2 === 0 ? w : [w, { [w]: w }]])));
        expect(renderYaml([m])).toBe(renderDocument(m));
        // One-line strings that are not document markers never need the document model.
        if (words.every((w) => !w.includes('\n') && !/^(---|\.\.\.)/.test(w))) expect(renderDirect(m)).toBe(renderDocument(m));
      }),
      { numRuns: 3000 },
    );
  });

  it('property: writes paths (strings starting with a slash) as the library does, as keys and values', () => {
    const path = fc
      .array(fc.constantFrom('a', 'Z', '0', '.', '_', '/', ':', '@', '+', '=', '-', '~', ' ', '#', 'on', 'e5'), { maxLength: 8 })
      .map((parts) => `/${parts.join('')}`);
    fc.assert(
      fc.property(fc.array(path, { minLength: 1, maxLength: 6 }), (paths) => {
        const m = configMap(Object.fromEntries(paths.map((p) => [p, [p, { path: p }]])));
        expect(renderDirect(m)).toBe(renderDocument(m));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: writes the same bytes as the library for multi-line values, at any depth', () => {
    const line = fc.oneof(word, fc.constantFrom('', ' x', 'x ', '\t', '#', '---', '- a', 'a: b'));
    const multiLine = fc
      .tuple(fc.array(line, { minLength: 2, maxLength: 5 }), fc.constantFrom('', '\n', '\n\n'))
      .map(([lines, end]) => lines.join('\n') + end);
    fc.assert(
      fc.property(multiLine, fc.nat({ max: 3 }), (value, depth) => {
        let data: Record<string, unknown> = { 'config.yaml': value };
        for (let i = 0; i < depth; i++) data = { [`level${i}`]: i % 2 === 0 ? data : [data] };
        const m = configMap(data);
        expect(renderYaml([m])).toBe(renderDocument(m));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes typical manifests without the document model, config files in literal blocks included', () => {
    const route: Manifest = {
      apiVersion: 'agentgateway.dev/v1alpha1',
      kind: 'AgentgatewayPolicy',
      metadata: { name: 'p', namespace: 'team-a', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway' } },
      spec: { backend: { mcp: { authorization: { policy: { matchExpressions: ['mcp.tool.name.matches("^get_.*$")'] } } } }, port: 8080 },
    };
    const config = configMap({ 'plan.json': '{\n  "version": 1\n}\n', 'run.sh': 'set -eu\n\nexec node main.mjs' });
    for (const m of [route, config]) expect(renderDirect(m)).toBe(renderDocument(m));
    expect(renderDirect(config)).toContain(
      'plan.json: |\n    {\n      "version": 1\n    }\n  run.sh: |-\n    set -eu\n\n    exec node main.mjs\n',
    );
  });

  // renderDirect reads the manifest in place instead of a canonical copy, so whatever the copy
  // would drop, normalise or refuse must come out the same: same bytes, or the same error.
  const outcome = (render: () => string): { out: string } | { error: string } => {
    try {
      return { out: render() };
    } catch (e) {
      return { error: String(e) };
    }
  };
  const sparse = (): unknown[] => {
    const a: unknown[] = ['x'];
    a[2] = 'z';
    return a;
  };
  const odd = fc.constantFrom<() => unknown>(
    () => undefined,
    () => Number.NaN,
    () => Number.POSITIVE_INFINITY,
    () => -0,
    () => [-0, 1],
    () => [undefined],
    sparse,
    () => new Date(0),
    () => new Map([['a', 1]]),
    () => Object.assign(Object.create(null) as object, { b: 1, a: [2] }),
    () => ({ [Symbol('s')]: 1, a: 1 }),
    () => 'lone \uD800 surrogate',
    () => 'lone \uDC00\nin a block\n',
    () => ({ '\uD800': 1 }),
    () => 'paired \uD83D\uDE00 surrogates',
    () => ({ a: undefined, b: undefined }),
    () => [{ a: undefined }],
    () => () => 1,
    () => BigInt(1),
    () => {
      const cycle: Record<string, unknown> = { a: 1 };
      cycle.self = { back: cycle };
      return cycle;
    },
    () => {
      let deep: unknown = 'bottom';
      for (let i = 0; i < 300; i++) deep = i % 2 === 0 ? { [`k${i % 3}`]: deep } : [deep];
      return deep;
    },
  );
  const withOdd = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      odd.map((make) => make()),
      json,
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(text, tie('value'), { maxKeys: 4 }),
    ),
  })).value;

  it('property: reading in place gives the bytes or the error of the canonical copy, for values that are not plain JSON', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('data', 'spec', 'status', '0', '10', '__proto__'), withOdd), (rest) => {
        const m = { ...rest, apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } as unknown as Manifest;
        expect(outcome(() => renderYaml([m]))).toStrictEqual(outcome(() => renderDocument(m)));
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects what is not plain JSON with the path canonicalize names', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = { back: cycle };
    expect(() => renderYaml([configMap({ cycle })])).toThrow(/data\.cycle\.self\.back: circular reference/);
    expect(() => renderYaml([configMap({ list: sparse() })])).toThrow(/data\.list\[1\]: sparse array hole/);
    expect(() => renderYaml([configMap({ s: 'a\uD800' })])).toThrow(/data\.s: string contains a lone UTF-16 surrogate/);
    expect(() => renderYaml([configMap({ d: new Date(0) })])).toThrow(/data\.d: an instance of Date is not plain JSON/);
    expect(renderYaml([configMap({ gone: undefined, zero: -0, empty: { a: undefined } })])).toContain('data:\n  empty: {}\n  zero: 0\n');
  });

  it('writes the same bytes after its string caches filled up and were emptied', () => {
    // 1,200 distinct strings of 900 characters that need the library: past the caches' bound on characters.
    const long = (i: number): string => `${i} #`.padEnd(900, ' x');
    const data = Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [long(i), long(i + 1)]));
    const m = configMap(data);
    const reference = renderDocument(m);
    expect(renderYaml([m])).toBe(reference);
    expect(renderYaml([m])).toBe(reference);
  });

  it('asks the library how to write a one-line scalar, and declines multi-line ones', () => {
    expect(renderScalar('get_*', false)).toBe('get_*');
    expect(renderScalar('*_admin', false)).toBe('"*_admin"');
    expect(renderScalar('yes', true)).toBe('"yes"');
    expect(renderScalar('__proto__', true)).toBe('__proto__');
    expect(renderScalar(0.5, false)).toBe('0.5');
    expect(renderScalar('a\nb', false)).toBeUndefined();
  });

  it('property: output does not depend on key insertion order', () => {
    fc.assert(
      fc.property(manifestArb, (m) => {
        const reversed = reverseKeys(m) as Manifest;
        expect(renderYaml([reversed])).toBe(renderYaml([m]));
        expect(renderYaml([canonicalize(m)])).toBe(renderYaml([m]));
      }),
      { numRuns: 200 },
    );
  });

  it('parses as YAML 1.1 the way the library sees it for a typical route', () => {
    const route: Manifest = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'tg-weather', namespace: 'team-a', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway' } },
      spec: { parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/mcp/weather' } }] }] },
    };
    expect(parse(renderYaml([route]), { version: '1.1' })).toStrictEqual(route);
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).reverse()) {
    Object.defineProperty(out, k, {
      value: reverseKeys((value as Record<string, unknown>)[k]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
