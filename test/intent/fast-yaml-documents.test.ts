import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dump } from 'js-yaml';
import { stringify } from 'yaml';
import type { Problem } from '../../src/contracts/problem.js';
import { fastYamlDocuments } from '../../src/intent/fast-yaml-documents.js';
import { readYamlDocuments, type ReadYamlOptions } from '../../src/intent/yaml-documents.js';

/** A value with its key order, -0 and NaN made visible, so that a comparison sees them. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return ['seq', v.map(shape)];
  if (typeof v === 'object' && v !== null) {
    return ['map', Object.getPrototypeOf(v) === Object.prototype, Object.entries(v).map(([k, x]) => [k, shape(x)])];
  }
  if (typeof v === 'number' && (Object.is(v, -0) || Number.isNaN(v))) return String(v === 0 ? '-0' : v);
  return v;
}

/** Every path to a node of `v`: keys as strings, indices as numbers, as the front door asks for them. */
function pathsOf(v: unknown, prefix: readonly (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push([...prefix]);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

/** What a reader makes of `text`: values, lines, the line of every path (and of a missing field), problems. */
function read(text: string, options: ReadYamlOptions) {
  const problems: Problem[] = [];
  const docs = [...readYamlDocuments(text, 'in.yaml', problems, options)].map((d) => ({
    value: shape(d.value),
    line: d.line,
    lines: pathsOf(d.value)
      .slice(0, 300)
      .flatMap((p) => [
        [p, d.locate(p)],
        [[...p, 'missing'], d.locate([...p, 'missing'])],
      ]),
  }));
  return { docs, problems };
}

/** Whether the fast path reads `text`. */
const takesFastPath = (text: string): boolean => fastYamlDocuments(text, () => undefined) !== undefined;

/** Reads `text` both ways and expects the same; says whether the fast path read it. */
function expectSameReading(text: string): boolean {
  expect(read(text, {}), JSON.stringify(text)).toStrictEqual(read(text, { composerOnly: true }));
  return takesFastPath(text);
}

/** Plain scalars each YAML 1.1 type resolves from, and some the two readers might tell apart. */
const PLAIN_SCALARS = [
  ...['yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'y', 'Y', 'n', 'N'],
  ...['true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'yES', 'oN', 'tRUE'],
  ...['0777', '-0777', '0o17', '0x1F', '-0x1f', '0x_1', '0b1010', '+0b1_0', '0b2', '08', '09', '0_7', '-0', '+0'],
  ...['190:20:30', '-1:30', '1:20.5', '1:60', '12:30', '1_000', '1__0', '+12', '1_000.5', '0.', '.5', '1.0', '-1.50', '.'],
  ...['1e3', '1E+3', '6.8523015e+5', '685.230_15e+03', '1.e-2', '1e', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '.NAN', '.Nan'],
  ...['~', 'null', 'Null', 'NULL', 'nULL', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2002-12-14 21:59:43 +1'],
  ...['9007199254740993', '123456789012345678901234567890', '0x7fffffffffffffffff', '1e400', '-1e400'],
  ...['hello world', 'a#b', 'http://x:80/y', 'a,b', 'a:b', '-x', '?x', 'x?', 'x!', 'x&y', 'x*y', 'é', '☃ snow', '😀'],
  ...['x]', 'x}', 'x  y', 'x\ty', '<x', '=', "it's", 'say "hi"'],
];

/** Plain scalars that are not valid, or not plain, or that the fast path leaves to the composer. */
const HOSTILE_SCALARS = ['@x', '`x', '- x', 'a: b', '[x', '{x', '"x', "'x", '|', '>', '%x', 'a: b: c', 'x #c', '!x', '&x', '*x', '? x'];

/** Keys written plain; those resolving to null are left to the composer and tested on their own. */
const PLAIN_KEYS = [
  ...['a', 'b', 'name', 'spec', 'a b', 'a-b', 'a.b', 'a/b', 'x:y', '1', '01', '0x10', '16', '1.0', '1', '.inf', '.nan'],
  ...['yes', 'true', 'no', 'on', 'y', 'n', 'True', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '0', '-0'],
  ...['190:20:30', '2001-12-14', 'é', '"q"', "'s'", 'a"b', "a'b", '-', 'x#y', '@k', 'k\tk'],
];

/** Escapes and line breaks inside double-quoted scalars. */
const DOUBLE_QUOTED = [
  '"plain"',
  '""',
  '"\\x41\\u00e9\\U0001F600"',
  '"\\N\\_\\L\\P\\e\\0\\a\\b\\v\\f\\/\\ \\t\\"\\\\"',
  '"tab\there"',
  '"line\n  folded\n\n  kept"',
  '"escaped \\\n  break"',
  '"trailing  \n  spaces"',
  '"\\q bad escape"',
  '"\\x4"',
];
const SINGLE_QUOTED = ["'plain'", "''", "'it''s'", "'line\n  folded\n\n  kept'", "'#not a comment'", "'a\\nb'"];

const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
const comment = pick(['', '', '', ' # note', ' #', '\t# tab', '# touching']);
const spaces = (n: number): string => ' '.repeat(n);

/** A block scalar under a key at `indent`: header, body lines with blank ones inside and after. */
const blockScalar = (indent: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.oneof({ weight: 6, arbitrary: pick(['|', '>', '|-', '|+', '>-', '>+']) }, pick(['|2', '>1-', '|+2'])),
      fc.array(pick(['text', 'more words', '', '  indented', '# not a comment', 'x: y', '- z', '\tt']), { minLength: 0, maxLength: 5 }),
      pick(['', '\n', '\n\n', '\n  \n']),
      comment,
    )
    .map(([header, body, after, c]) => {
      const pad = spaces(indent + 2);
      return `${header}${c}\n${body.map((l) => (l === '' ? '' : pad + l)).join('\n')}${body.length > 0 ? '\n' : ''}${after}`;
    });

/** A plain scalar continued on more lines (folded), as a value under a key at `indent`. */
const multiLinePlain = (indent: number): fc.Arbitrary<string> =>
  fc.array(pick(['word', 'two words', 'yes', '0777', '']), { minLength: 2, maxLength: 4 }).map(
    (parts) =>
      `${parts[0] === '' ? 'first' : parts[0]}\n${parts
        .slice(1)
        .map((p) => (p === '' ? '' : spaces(indent + 2) + p))
        .join('\n')}\n`,
  );

/** Between the items of a flow collection; a line break leaves the file to the composer. */
const separator = pick([', ', ',', ', ', ',', ', ', ',\n  ']);

/** A flow collection of plain and quoted scalars, maybe over more lines. */
const flowValue: fc.Arbitrary<string> = fc.letrec<{ flow: string }>((tie) => ({
  flow: fc.oneof(
    { depthSize: 'small' },
    fc
      .array(fc.oneof(pick(PLAIN_SCALARS.filter((s) => !/[,[\]{}#:]/.test(s))), pick(DOUBLE_QUOTED.slice(0, 4)), tie('flow')), {
        maxLength: 4,
      })
      .chain((items) => separator.map((sep) => `[${items.join(sep)}]`)),
    fc
      .array(
        fc.tuple(pick(PLAIN_KEYS.filter((s) => !/[,[\]{}#:]/.test(s))), fc.oneof(pick(['1', 'yes', 'x', '"q"', '0x1F', '']), tie('flow'))),
        {
          maxLength: 3,
        },
      )
      .chain((pairs) => separator.map((sep) => `{${pairs.map(([k, v]) => (v === '' ? k : `${k}: ${v}`)).join(sep)}}`)),
  ),
})).flow;

/** A value written after `key:` at `indent`: on the same line, or a nested collection on the lines after. */
const blockValue = (indent: number, depth: number): fc.Arbitrary<string> => {
  const inline = fc.oneof(
    { weight: 6, arbitrary: pick(PLAIN_SCALARS).map((s) => ` ${s}`) },
    pick(HOSTILE_SCALARS).map((s) => ` ${s}`),
    pick(DOUBLE_QUOTED).map((s) => ` ${s}`),
    pick(SINGLE_QUOTED).map((s) => ` ${s}`),
    flowValue.map((s) => ` ${s}`),
    fc.constant(''),
  );
  const withComment = fc
    .tuple(inline, comment)
    .map(([v, c]) => `${v}${v.includes('\n') || (c !== '' && !c.startsWith(' ') && !c.startsWith('\t')) ? '' : c}\n`);
  const options: fc.WeightedArbitrary<string>[] = [
    { weight: 6, arbitrary: withComment },
    { weight: 1, arbitrary: blockScalar(indent).map((s) => ` ${s}`) },
    { weight: 1, arbitrary: multiLinePlain(indent).map((s) => ` ${s}`) },
  ];
  if (depth > 0) {
    options.push({ weight: 2, arbitrary: blockMap(indent + 2, depth - 1).map((s) => `\n${s}`) });
    options.push({
      weight: 1,
      arbitrary: fc.tuple(fc.boolean(), blockSeq(indent, depth - 1)).map(([indented, s]) => `\n${indented ? s.replace(/^/gm, '  ') : s}`),
    });
  }
  return fc.oneof(...options);
};

/** A block map at `indent`, with comments and blank lines between its pairs. */
function blockMap(indent: number, depth: number): fc.Arbitrary<string> {
  const key = fc.oneof(
    { weight: 4, arbitrary: pick(PLAIN_KEYS) },
    { weight: 1, arbitrary: pick(['"a"', "'b'", '"yes"', '"1"', '""', '"null"']) },
  );
  const between = pick(['', '', '', '\n', `${spaces(indent)}# comment\n`, '# at column 0\n']);
  const colon = fc.oneof({ weight: 60, arbitrary: fc.constant(':') }, fc.constant(' :'));
  return fc
    .array(fc.tuple(between, key, colon, blockValue(indent, depth)), { minLength: 1, maxLength: 4 })
    .map((pairs) => pairs.map(([b, k, colon, v]) => `${b}${spaces(indent)}${k}${colon}${v}`).join(''));
}

/** A block sequence at `indent`. */
function blockSeq(indent: number, depth: number): fc.Arbitrary<string> {
  const item = fc.oneof(
    blockValue(indent, 0).map((v) => `-${v}`),
    depth > 0 ? blockMap(indent + 2, depth - 1).map((m) => `- ${m.slice(indent + 2)}`) : fc.constant('- x\n'),
  );
  return fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => items.map((i) => `${spaces(indent)}${i}`).join(''));
}

/** A string as data holds it: mostly tame, sometimes anything. */
const anyString = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-zA-Z0-9 ._/-]{0,12}$/) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 1, arbitrary: pick(PLAIN_SCALARS) },
);

/** A JSON-like value to be written by the yaml library. */
const jsonLike = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), anyString),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(anyString, pick(PLAIN_KEYS)), tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** The same value written by the yaml library in one of its many styles. */
const written = fc
  .tuple(
    jsonLike,
    fc.record({
      version: pick(['1.1', '1.2'] as const),
      defaultStringType: pick(['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const),
      defaultKeyType: pick([null, 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'] as const),
      collectionStyle: pick(['any', 'any', 'block', 'flow'] as const),
      lineWidth: pick([0, 0, 8, 20, 80, 80]),
      minContentWidth: pick([0, 4, 20]),
      indent: pick([1, 2, 4]),
      indentSeq: fc.boolean(),
      doubleQuotedAsJSON: fc.boolean(),
    }),
  )
  .map(([value, options]) => stringify(value, options));

/** The same value written by js-yaml, in its own styles (it folds long strings, quotes otherwise). */
const writtenByJsYaml = fc
  .tuple(
    jsonLike,
    fc.record({
      lineWidth: pick([-1, 10, 40, 80]),
      flowLevel: pick([-1, 0, 1, 2]),
      quotingType: pick(["'", '"'] as const),
      forceQuotes: fc.boolean(),
      noCompatMode: fc.boolean(),
      condenseFlow: fc.boolean(),
      indent: pick([1, 2, 4]),
      noArrayIndent: fc.boolean(),
    }),
  )
  .map(([value, options]) => dump(value, options));

/** One document's text, from the templates above or from the library's writer. */
const documentText = fc.oneof(
  blockMap(0, 3),
  blockSeq(0, 2),
  written,
  flowValue.map((s) => `${s}\n`),
  pick([...PLAIN_SCALARS, ...DOUBLE_QUOTED]).map((s) => `${s}\n`),
  pick(['', '# only a comment\n', '\n\n', '~\n', 'null\n']),
);

/** Documents joined with separators, end markers and comments, maybe with a BOM and CRLF line ends. */
const fileText = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.oneof({ weight: 8, arbitrary: pick(['---\n', '--- # c\n', '...\n---\n', '---\n\n# c\n\n']) }, pick(['--- ', '---\t'])),
        documentText,
      ),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
    fc.boolean(),
    pick(['', '# head\n', '\n\n', '---\n']),
    fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, fc.constant(true)),
    fc.boolean(),
    pick(['', '...\n', '---\n', '\n\n# tail\n']),
  )
  .map(([docs, first, head, bom, crlf, tail]) => {
    // `--- ` and `---\t` take the content on their line: only a document of one line can follow.
    const joined = docs.map(([sep, doc], i) =>
      i === 0 && first ? doc : `${/^--- ?\t?$/.test(sep) && doc.trimEnd().includes('\n') ? '---\n' : sep}${doc}`,
    );
    const text = `${bom ? '\uFEFF' : ''}${head}${joined.join('')}${tail}`;
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

/** Lines of YAML fragments at random indents: mostly not valid, they probe what each reader accepts. */
const lineSoup = fc
  .tuple(
    fc.array(
      fc.tuple(
        pick(['', '', ' ', '  ', '  ', '   ', '    ', '      ', '\t']),
        pick([
          ...['a:', 'a: 1', 'b: x', 'c: "q"', "d: 'q'", '- ', '-', '- x', '- a: 1', '- - y', '"q"', "'s'", 'word', 'two words'],
          ...['[1, 2]', '[1,', '2]', '{a: 1}', '{a:', '1}', ']', '}', '# c', 'a: # c', '|', '>', 'a: |', 'a: >-', 'a: |+', '---'],
          ...['...', 'a: b: c', 'k: v # c', 'k: v#c', 'x: [a, b]', 'x: {a: b}', 'x: "a', 'b"', "x: 'a", "b'", 'k:   ', '', ''],
          ...['a:b', 'a :', 'y: yes', 'n: 0777', 'e: "\\t\\x41"', '"k": v', "'k': v", 'k: - x', '- [a]', '- {a: b}', '-  x'],
          ...['a: -1', 'a: - 1', '? ', ': x', 'a, b', ',', 'x\ty', 'k:\tv', 'k: \t', '  ', '\t'],
          ...['"a"#c', 'a: [b]#c', "'b' #c", '... a', '...', '"a"c', 'a: "b" c', 'a: 1 #c', '#c', 'a:\u00a0b', 'a: b\u00a0'],
        ]),
      ),
      { minLength: 1, maxLength: 8 },
    ),
    pick(['\n', '', '\n\n']),
  )
  .map(([lines, end]) => lines.map(([indent, line]) => indent + line).join('\n') + end);

describe('fastYamlDocuments | the same reading as the composer', () => {
  it('reads every file to the same values, lines, field lines and problems as the composer (property)', () => {
    let fast = 0;
    let total = 0;
    fc.assert(
      fc.property(fileText, (text) => {
        total++;
        if (expectSameReading(text)) fast++;
      }),
      { numRuns: 4000 },
    );
    // Many files must take the fast path, or the comparison tests little of it; the others test
    // that what it leaves to the composer is read as before.
    expect(fast).toBeGreaterThan(total / 4);
  });

  it('reads any value the yaml library writes to the same values and lines (property)', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.array(written, { minLength: 1, maxLength: 3 }), (docs) => {
        if (expectSameReading(docs.join('---\n'))) fast++;
      }),
      { numRuns: 1000 },
    );
    expect(fast).toBeGreaterThan(300);
  });

  it('reads any value js-yaml writes to the same values and lines (property)', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.array(writtenByJsYaml, { minLength: 1, maxLength: 3 }), (docs) => {
        if (expectSameReading(docs.join('---\n'))) fast++;
      }),
      { numRuns: 1000 },
    );
    expect(fast).toBeGreaterThan(300);
  });

  it('reads lines of fragments at random indents as the composer does, accepting and refusing the same (property)', () => {
    let fast = 0;
    fc.assert(
      fc.property(lineSoup, (text) => {
        if (expectSameReading(text)) fast++;
      }),
      { numRuns: 4000 },
    );
    expect(fast).toBeGreaterThan(400);
  });

  it('resolves every YAML 1.1 plain scalar as the composer does, as a value and as a key', () => {
    for (const s of PLAIN_SCALARS) {
      expectSameReading(`v: ${s}\n`);
      expectSameReading(`- ${s}\n`);
      expectSameReading(`${s}\n`);
      if (!/[,[\]{}]/.test(s)) expectSameReading(`[${s}]\n`);
    }
    for (const k of PLAIN_KEYS) {
      expectSameReading(`${k}: 1\n`);
      expectSameReading(`{${k}: 1}\n`);
    }
    expect(
      read('a: yes\nb: 0777\nc: 190:20:30\nd: 1_000\ne: .NaN\nf: ~\ng: 1.0\nh: 2024-01-01\ni: "yes"\nj: |\n  no\n', {}).docs[0]?.value,
    ).toStrictEqual(shape({ a: true, b: 511, c: 685230, d: 1000, e: NaN, f: null, g: 1, h: '2024-01-01', i: 'yes', j: 'no\n' }));
  });

  it('reads quoted keys, quoted scalars and flow collections on one line each itself', () => {
    for (const text of ['"a": 1\n"b":\n  "c": [1, 2]\n  \'d\': {e: "f"}\n', '- "a"\n- [b, {c: "d"}]\n', '"x"\n', '{a: [1, 2]}\n']) {
      expect(takesFastPath(text), text).toBe(true);
      expectSameReading(text);
    }
  });

  it('gives each document the line of its content, after separators, comments, blank lines and CRLF', () => {
    const text = '# head\r\n\r\na: 1\r\n---\r\n\r\n# c\r\n  b: 2\r\n--- # c\r\n{c: 3}\r\n---\r\n"x"\r\n# c\r\n...\r\n---\r\n---\r\n- 4\r\n';
    expect(takesFastPath(text)).toBe(true);
    expect(read(text, {}).docs.map((d) => d.line)).toStrictEqual([3, 7, 9, 11, 16]);
    expect(read(text, { composerOnly: true }).docs.map((d) => d.line)).toStrictEqual([3, 7, 9, 11, 16]);
  });
});

describe('fastYamlDocuments | what it leaves to the composer', () => {
  it.each([
    ['an anchor', 'a: &x 1\n'],
    ['an alias', 'a: 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a local tag', 'a: !thing 1\n'],
    ['a directive', '%YAML 1.2\n---\na: yes\n'],
    ['a directive after a BOM', '\uFEFF%YAML 1.2\n---\na: yes\n'],
    ['a byte order mark', '\uFEFF- a\n'],
    ['content on a --- line', '--- - a\n'],
    ['a flow scalar on a --- line', '--- {a: 1}\n'],
    ['content on a ... line', 'a: 1\n... b\n'],
    ['a comment right after a quoted scalar', 'a: "b"#c\n'],
    ['a comment right after a flow collection', 'a: [b]#c\n'],
    ['a quoted scalar over two lines', '- a: "x\n  y"\n'],
    ['a flow collection over two lines', 'a: [1,\n2]\n'],
    ['a block scalar with an indentation indicator', 'a: >1-\n\n  \n'],
    ['a block scalar as a document', '      >\n# c\n'],
    ['a tab among leading spaces', '\t1}\n'],
    ['a key longer than 1,024 characters', `${'k'.repeat(1100)}: 1\n`],
    ['a key longer than 1,024 characters, in a sequence', `- ${'k'.repeat(1100)}: 1\n`],
    ['an empty sequence entry', '- a:\n  -\n- b\n'],
    ['an empty sequence entry with a comment', '- a:\n  - # c\n- b\n'],
    ['a blank last line without a line break', 'a: |+\n  x\n\n  '],
    ['an escaped line break before a blank line', 'a: "x\\\n\n  y"\n'],
    ['a merge key', 'a: {x: 1}\nb:\n  <<: {x: 2}\n'],
    ['a lone CR', 'a: 1\rb: 2\n'],
    ['a NEL', 'a: "x\u0085y"\n'],
    ['a line separator', 'a: x\u2028y\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['a flow sequence as a key', '[a, b]: 1\n'],
    ['a flow map as a key', '{a: 1}: 2\n'],
    ['a null key', 'null: 1\n'],
    ['a ~ key', '~: 1\n'],
    ['an empty key', ': 1\n'],
    ['an empty key in flow', '{: 1}\n'],
  ])('%s', (_, text) => {
    expect(takesFastPath(text)).toBe(false);
    expectSameReading(text);
  });

  it.each([
    ['a syntax error', 'a: [1, 2\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a duplicate key after resolution', 'yes: 1\ntrue: 2\n'],
    ['a key that equals another as a string only', '1: a\n"1": b\n'],
    ['a tab as indentation', 'a:\n\tb: 1\n'],
    ['nesting past js-yaml depth limit', `${'['.repeat(150)}${']'.repeat(150)}\n`],
    ['a null byte', 'a: "\0"\n'],
  ])('%s, which js-yaml refuses: the composer reads it and reports what it reports', (_, text) => {
    expect(takesFastPath(text)).toBe(false);
    expectSameReading(text);
  });

  it('reads keys about as long as YAML allows an implicit key as the composer does', () => {
    for (let n = 1018; n <= 1030; n++) {
      for (const prefix of ['', '- ', '  ', 'a:\n  ']) expectSameReading(`${prefix}${'k'.repeat(n)}: 1\n`);
    }
    expect(takesFastPath(`${'k'.repeat(1000)}: 1\n`)).toBe(true);
  });

  it('reports a problem in a file the fast path would read otherwise with the composer message and line', () => {
    const problems: Problem[] = [];
    const values = [...readYamlDocuments('a: 1\n---\nb: 2\nb: 3\n', 'in.yaml', problems)].map((d) => d.value);
    expect(values).toStrictEqual([{ a: 1 }]);
    expect(problems).toStrictEqual([
      { severity: 'error', message: 'not valid YAML: Map keys must be unique', origin: { file: 'in.yaml', line: 4 } },
    ]);
  });
});

describe('fastYamlDocuments | finding the line of a field', () => {
  it('answers the root from its own line and asks the composer only for fields', () => {
    const asked: [number, readonly PropertyKey[]][] = [];
    const docs = fastYamlDocuments('# c\na: 1\n---\nb:\n  c: 2\n', (line, path) => {
      asked.push([line, path]);
      return 99;
    });
    expect(docs?.map((d) => d.locate([]))).toStrictEqual([2, 4]);
    expect(asked).toStrictEqual([]);
    expect(docs?.[1]?.locate(['b', 'c'])).toBe(99);
    expect(asked).toStrictEqual([[4, ['b', 'c']]]);
  });

  it('finds fields of documents asked in any order, as the composed documents do', () => {
    const text = 'a: 1\n---\nb:\n  c: 2\n---\n\nd:\n  - e: 3\n';
    const asked: [number, (string | number)[]][] = [
      [2, ['d', 0, 'e']],
      [0, ['a']],
      [1, ['b', 'c']],
      [1, ['b', 'missing']],
      [2, ['d', 0, 'e']],
      [2, ['d', 1]],
    ];
    const answers = (options: ReadYamlOptions) => {
      const docs = [...readYamlDocuments(text, 'in.yaml', [], options)];
      return asked.map(([doc, path]) => docs[doc]?.locate(path));
    };
    expect(answers({})).toStrictEqual([8, 1, 4, 4, 8, 8]);
    expect(answers({ composerOnly: true })).toStrictEqual([8, 1, 4, 4, 8, 8]);
  });
});
