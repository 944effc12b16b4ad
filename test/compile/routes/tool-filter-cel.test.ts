import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import {
  celSyntaxError,
  globPredicate,
  toolFilterExpression,
  toolPatternProblem,
  type ToolFilterPatterns,
} from '../../../src/compile/routes/tool-filter-cel.js';
import { globMatches } from '../../support/glob-matcher.js';

// A separate environment from the module's cached one, so the tests do not lean on its internals.
const env = celEnv();

type NameCheck = (name: string) => boolean;

/** Plans an expression once and returns a checker that evaluates it for a tool name. */
function compileCheck(expression: string): NameCheck {
  const run = plan(env, parse(expression));
  return (name) => {
    const result = run({ mcp: { tool: { name } } });
    if (isCelError(result)) throw new Error(`${expression} failed for ${JSON.stringify(name)}: ${result.message}`);
    if (typeof result !== 'boolean') throw new Error(`${expression} returned a ${typeof result}, not a bool`);
    return result;
  };
}

/** The intended filter semantics: no patterns allow everything, otherwise allow-list then deny wins. */
function referenceAllows(filter: ToolFilterPatterns, name: string): boolean {
  const allow = filter.allow ?? [];
  const deny = filter.deny ?? [];
  const allowed = allow.length === 0 || allow.some((p) => globMatches(p, name));
  return allowed && !deny.some((p) => globMatches(p, name));
}

describe('toolFilterExpression | reference operator examples', () => {
  // The operator's translation, with one change: `(?s)` in front, so `*` and `?` match newlines.
  const predicates: Array<[string, string]> = [
    ['search_issues', 'mcp.tool.name == "search_issues"'],
    ['get_*', 'mcp.tool.name.matches("(?s)^get_.*$")'],
    ['*delete*', 'mcp.tool.name.matches("(?s)^.*delete.*$")'],
    ['do?', 'mcp.tool.name.matches("(?s)^do.$")'],
    ['a.b', 'mcp.tool.name == "a.b"'],
    // Two backslash characters in the YAML value: the RE2 escape, doubled by the CEL literal.
    ['a.b*', String.raw`mcp.tool.name.matches("(?s)^a\\.b.*$")`],
  ];
  for (const [pattern, expected] of predicates) {
    it(`translates the glob ${pattern} as the operator does, with (?s)`, () => {
      expect(globPredicate(pattern)).toBe(expected);
      expect(toolFilterExpression({ allow: [pattern] })).toBe(expected);
    });
  }

  it('emits no expression for a missing filter', () => {
    expect(toolFilterExpression(undefined)).toBeUndefined();
  });

  it('emits no expression for an empty filter', () => {
    expect(toolFilterExpression({})).toBeUndefined();
    expect(toolFilterExpression({ allow: [], deny: [] })).toBeUndefined();
  });

  it('joins several allow patterns with || and no outer parentheses', () => {
    expect(toolFilterExpression({ allow: ['get_*', 'list_*'] })).toBe(
      'mcp.tool.name.matches("(?s)^get_.*$") || mcp.tool.name.matches("(?s)^list_.*$")',
    );
  });

  it('negates a deny-only filter', () => {
    expect(toolFilterExpression({ deny: ['*delete*'] })).toBe('!(mcp.tool.name.matches("(?s)^.*delete.*$"))');
    expect(toolFilterExpression({ allow: [], deny: ['get_info'] })).toBe('!(mcp.tool.name == "get_info")');
  });

  it('makes deny win when both lists are present', () => {
    expect(toolFilterExpression({ allow: ['get_*'], deny: ['force_push'] })).toBe(
      '(mcp.tool.name.matches("(?s)^get_.*$")) && !(mcp.tool.name == "force_push")',
    );
  });

  it('parenthesises multi-pattern lists on both sides of the conjunction', () => {
    expect(toolFilterExpression({ allow: ['a', 'b*'], deny: ['c', 'd?'] })).toBe(
      '(mcp.tool.name == "a" || mcp.tool.name.matches("(?s)^b.*$")) && !(mcp.tool.name == "c" || mcp.tool.name.matches("(?s)^d.$"))',
    );
  });
});

describe('toolFilterExpression | escaping', () => {
  it('escapes quotes and backslashes in an equality literal and nothing else', () => {
    expect(globPredicate(String.raw`it's "x"\y`)).toBe(String.raw`mcp.tool.name == "it's \"x\"\\y"`);
    expect(globPredicate('a.b+c(d)|[e]{f}^$')).toBe('mcp.tool.name == "a.b+c(d)|[e]{f}^$"');
  });

  it('escapes every regexp.QuoteMeta character in a wildcard pattern', () => {
    expect(globPredicate(String.raw`\.+()|[]{}^$?`)).toBe(
      String.raw`mcp.tool.name.matches("(?s)^\\\\\\.\\+\\(\\)\\|\\[\\]\\{\\}\\^\\$.$")`,
    );
  });

  it('leaves characters outside the QuoteMeta set unescaped', () => {
    expect(globPredicate(`-#'/ é😀*`)).toBe(`mcp.tool.name.matches("(?s)^-#'/ é😀.*$")`);
  });

  it('quotes a double quote and a backslash inside the regex literal', () => {
    expect(globPredicate(String.raw`say"hi\*`)).toBe(String.raw`mcp.tool.name.matches("(?s)^say\"hi\\\\.*$")`);
  });

  it('evaluates metacharacter patterns literally and wildcards as globs', () => {
    const meta = compileCheck(globPredicate(String.raw`\.+()|[]{}^$?`));
    expect(meta(String.raw`\.+()|[]{}^$X`)).toBe(true);
    expect(meta(String.raw`\.+()|[]{}^$`)).toBe(false);
    expect(meta(String.raw`x.+()|[]{}^$X`)).toBe(false);

    const dotted = compileCheck(globPredicate('a.b*'));
    expect(dotted('a.b')).toBe(true);
    expect(dotted('a.bcd')).toBe(true);
    expect(dotted('aXb')).toBe(false);

    const quoted = compileCheck(globPredicate(String.raw`say"hi\*`));
    expect(quoted(String.raw`say"hi\ there`)).toBe(true);
    expect(quoted('say"hi there')).toBe(false);
  });

  it('treats ? as exactly one code point, even outside the basic multilingual plane', () => {
    const check = compileCheck(globPredicate('x?y'));
    expect(check('x😀y')).toBe(true);
    expect(check('xéy')).toBe(true);
    expect(check('xy')).toBe(false);
    expect(check('x😀😀y')).toBe(false);
  });

  it('lets deny win over allow at evaluation time', () => {
    const check = compileCheck(toolFilterExpression({ allow: ['get_*'], deny: ['get_secret*'] })!);
    expect(check('get_pods')).toBe(true);
    expect(check('get_secrets')).toBe(false);
    expect(check('delete_pod')).toBe(false);
  });
});

describe('toolFilterExpression | every tool name is one string', () => {
  it('denies a name that hides the denied word behind a newline', () => {
    const check = compileCheck(toolFilterExpression({ deny: ['*delete*'] })!);
    for (const name of ['x\ndelete', 'x\ndelete\n', '\ndelete', 'delete\nx', 'a\r\ndelete', 'x\u2028delete', '\u0000delete']) {
      expect(check(name), JSON.stringify(name)).toBe(false);
    }
    expect(check('x_remove')).toBe(true);
  });

  it('denies a name that ends in a newline after a denied prefix', () => {
    const check = compileCheck(toolFilterExpression({ deny: ['delete_*'] })!);
    expect(check('delete_x\n')).toBe(false);
    expect(check('delete_\n')).toBe(false);
    expect(check('delete_x\n\n')).toBe(false);
    expect(check('x\ndelete_x')).toBe(true);
  });

  it('lets deny * deny every name, whatever it contains', () => {
    const check = compileCheck(toolFilterExpression({ deny: ['*'] })!);
    for (const name of ['', '\n', '\n\n', 'a\nb', '\r', '\u0000', '\u2028', '\u2029', '\u0085', '😀\n', 'e\u0301']) {
      expect(check(name), JSON.stringify(name)).toBe(false);
    }
  });

  it('lets ? stand for a newline like any other character', () => {
    const check = compileCheck(globPredicate('a?b'));
    expect(check('a\nb')).toBe(true);
    expect(check('a\n\nb')).toBe(false);
  });

  it('shows the bypass the (?s) flag closes: without it RE2 stops .* at a newline', () => {
    const withoutFlag = compileCheck('!(mcp.tool.name.matches("^.*delete.*$"))');
    expect(withoutFlag('x\ndelete')).toBe(true);
    expect(compileCheck(toolFilterExpression({ deny: ['*delete*'] })!)('x\ndelete')).toBe(false);
  });

  it('compares code points without normalisation, so NFC and NFD spellings are different names', () => {
    const nfc = 'caf\u00e9';
    const nfd = 'cafe\u0301';
    expect(nfc.normalize('NFD')).toBe(nfd);
    const exact = compileCheck(toolFilterExpression({ deny: [nfc] })!);
    expect(exact(nfc)).toBe(false);
    expect(exact(nfd)).toBe(true);
    const glob = compileCheck(toolFilterExpression({ allow: [`${nfc}*`] })!);
    expect(glob(`${nfc}_x`)).toBe(true);
    expect(glob(`${nfd}_x`)).toBe(false);
    // `?` is one code point: the NFD spelling needs two.
    const one = compileCheck(globPredicate('caf?'));
    expect(one(nfc)).toBe(true);
    expect(one(nfd)).toBe(false);
  });
});

describe('toolFilterExpression | celSyntaxError', () => {
  const filters: ToolFilterPatterns[] = [
    { allow: ['search_issues'] },
    { allow: ['get_*'] },
    { allow: ['*delete*'] },
    { allow: ['do?'] },
    { allow: ['a.b'] },
    { allow: ['a.b*'] },
    { allow: ['get_*', 'list_*'] },
    { deny: ['*delete*'] },
    { allow: ['get_*'], deny: ['force_push'] },
    { deny: ['get_info'] },
    { allow: [String.raw`\.+()|[]{}^$?`, String.raw`say"hi\*`], deny: [String.raw`it's "x"\y`] },
  ];
  for (const filter of filters) {
    it(`accepts the expression emitted for ${JSON.stringify(filter)}`, () => {
      expect(celSyntaxError(toolFilterExpression(filter)!)).toBeUndefined();
    });
  }

  it('reports malformed expressions', () => {
    for (const bad of ['mcp.tool.name ==', '(mcp.tool.name == "a"', 'mcp.tool.name == "unterminated', '', '!(']) {
      const message = celSyntaxError(bad);
      expect(message, bad).toBeTypeOf('string');
      expect(message, bad).not.toBe('');
    }
  });

  it('reports the broken literal a raw newline would produce, which is why patterns reject it', () => {
    expect(celSyntaxError(globPredicate('a\nb'))).toBeTypeOf('string');
  });

  it('gives the same answer for an expression seen before, also after many others pushed it out of the cache', () => {
    const bad = '(mcp.tool.name == "cache-probe"';
    const first = celSyntaxError(bad);
    expect(first).toBeTypeOf('string');
    expect(celSyntaxError(bad)).toBe(first);
    for (let i = 0; i < 1500; i++) expect(celSyntaxError(`mcp.tool.name == "t${i}"`)).toBeUndefined();
    expect(celSyntaxError(bad)).toBe(first);
    expect(celSyntaxError('mcp.tool.name == "t0"')).toBeUndefined();
  });
});

describe('toolFilterExpression | toolPatternProblem', () => {
  it('accepts ordinary names, globs and printable punctuation', () => {
    for (const ok of ['get_*', '*', '?', 'a.b', String.raw`say"hi\*`, 'with space', 'é😀', 'x'.repeat(128)]) {
      expect(toolPatternProblem(ok), ok).toBeUndefined();
    }
  });

  it('counts the length limit in code points, not UTF-16 units', () => {
    expect(toolPatternProblem('😀'.repeat(128))).toBeUndefined();
    expect(toolPatternProblem('😀'.repeat(129))).toContain('129 characters');
  });

  it('rejects the empty pattern and says what a pattern may be', () => {
    const message = toolPatternProblem('');
    expect(message).toContain('empty');
    expect(message).toContain('* matches any run of characters');
    expect(message).toBe(message!.toLowerCase());
  });

  it('rejects control characters and quotes the offending value', () => {
    const cases: Array<[string, string]> = [
      ['a\nb', '0x0a'],
      ['\u0000', '0x00'],
      ['tab\there*', '0x09'],
      ['x\u001f', '0x1f'],
      ['del\u007f', '0x7f'],
    ];
    for (const [pattern, label] of cases) {
      const message = toolPatternProblem(pattern);
      expect(message, JSON.stringify(pattern)).toContain(JSON.stringify(pattern));
      expect(message).toContain(`control character ${label}`);
      expect(message).toContain('only printable characters are allowed');
      expect(message).toBe(message!.toLowerCase());
    }
  });

  it('rejects patterns longer than the 128 characters an mcp tool name may have', () => {
    const long = 'get_'.padEnd(129, 'x');
    const message = toolPatternProblem(long);
    expect(message).toContain(JSON.stringify(long));
    expect(message).toContain('129 characters long');
    expect(message).toContain('at most 128');
  });
});

// Letters dominate so that derived and random names collide with patterns often; the rest are
// everything QuoteMeta escapes plus quotes, a space and non-ASCII code points that must stay literal.
// Digits and the comma matter: an unescaped `{` is only a repetition in RE2 when `{1,2}` can form.
// Both normal forms of é (U+00E9, and e + U+0301) and code points outside the BMP are literal too.
const LETTERS = ['a', 'b', 'c'];
const SPECIALS = [
  '_',
  '-',
  '.',
  '"',
  "'",
  '\\',
  '+',
  '(',
  ')',
  '|',
  '[',
  ']',
  '{',
  '}',
  '^',
  '$',
  '1',
  '2',
  ',',
  '#',
  ' ',
  '/',
  '\u00e9',
  'e\u0301',
  '\u0301',
  '😀',
  '\u{1d518}',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u00a0',
  '\ufeff',
];
// What a hostile upstream may put into a tool name but no pattern may contain: control characters,
// newlines and NUL. Names draw from these too; patterns never do (toolPatternProblem refuses them).
const CONTROLS = ['\n', '\r', '\r\n', '\t', '\u0000', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f'];
// Whole regex constructs, because single random characters almost never line up into one; the
// escaping must keep every one of them literal.
const REGEX_SNIPPETS = ['{1}', '{1,2}', '{2,}', '[ab]', '[^a]', '(a|b)', '\\d', '\\Q', 'a+', '.*', '(?i)A'];
// Names may contain * and ? too; only a pattern gives them wildcard meaning.
const literalChar = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...LETTERS) },
  { weight: 6, arbitrary: fc.constantFrom(...SPECIALS) },
  { weight: 2, arbitrary: fc.constantFrom('*', '?') },
  { weight: 1, arbitrary: fc.constantFrom(...REGEX_SNIPPETS) },
);
const nameChar = fc.oneof({ weight: 9, arbitrary: literalChar }, { weight: 2, arbitrary: fc.constantFrom(...CONTROLS) });
const patternChar = fc.oneof({ weight: 7, arbitrary: literalChar }, { weight: 3, arbitrary: fc.constantFrom('*', '?') });
const patternArb = fc.array(patternChar, { minLength: 1, maxLength: 7 }).map((cs) => cs.join(''));
const nameArb = fc.array(nameChar, { maxLength: 7 }).map((cs) => cs.join(''));
const patternList = fc.option(fc.array(patternArb, { maxLength: 3 }), { nil: undefined });

/** Turns a pattern into a name it should match by filling each wildcard from `fills` in turn. */
function fillWildcards(pattern: string, fills: readonly string[]): string {
  let next = 0;
  let out = '';
  for (const ch of pattern) {
    const fill = fills[next % Math.max(fills.length, 1)] ?? '';
    if (ch === '*') {
      out += fill;
      next++;
    } else if (ch === '?') {
      out += Array.from(fill)[0] ?? 'a';
      next++;
    } else {
      out += ch;
    }
  }
  return out;
}

const caseArb = fc.record({
  allow: patternList,
  deny: patternList,
  derived: fc.array(
    fc.record({
      which: fc.nat(),
      fills: fc.array(
        nameArb.map((s) => Array.from(s).slice(0, 3).join('')),
        { maxLength: 4 },
      ),
      // Occasionally break a derived name so near misses are exercised as well.
      chop: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  random: fc.array(nameArb, { maxLength: 3 }),
});

describe('toolFilterExpression | properties', () => {
  it('agrees with an independent glob matcher on 10,000 random filters over a hostile alphabet', () => {
    const outcomes = { noFilter: 0, allowed: 0, notAllowed: 0, denied: 0, lineBreakAllowed: 0, lineBreakDenied: 0 };
    const lineBreak = /[\n\r\u2028\u2029\u0085]/;
    fc.assert(
      fc.property(caseArb, ({ allow, deny, derived, random }) => {
        const filter: ToolFilterPatterns = { allow, deny };
        const patterns = [...(allow ?? []), ...(deny ?? [])];
        const names = [...random, ...patterns];
        for (const d of derived) {
          if (patterns.length === 0) break;
          const name = fillWildcards(patterns[d.which % patterns.length]!, d.fills);
          names.push(d.chop ? Array.from(name).slice(1).join('') : name);
        }

        const expression = toolFilterExpression(filter);
        if (patterns.length === 0) {
          outcomes.noFilter++;
          return expression === undefined;
        }
        if (expression === undefined) return false;
        const check = compileCheck(expression);
        for (const name of names) {
          const expected = referenceAllows(filter, name);
          if (check(name) !== expected) return false;
          const denied = (deny ?? []).some((p) => globMatches(p, name));
          if (expected) outcomes.allowed++;
          else if (denied) outcomes.denied++;
          else outcomes.notAllowed++;
          if (lineBreak.test(name) && expected) outcomes.lineBreakAllowed++;
          if (lineBreak.test(name) && denied) outcomes.lineBreakDenied++;
        }
        return true;
      }),
      { numRuns: 10_000 },
    );
    // Guards the generator: a property that only ever sees "false" would prove little.
    expect(outcomes.allowed).toBeGreaterThan(5_000);
    expect(outcomes.denied).toBeGreaterThan(5_000);
    expect(outcomes.notAllowed).toBeGreaterThan(5_000);
    expect(outcomes.noFilter).toBeGreaterThan(0);
    // Names with line breaks must be both allowed and denied by wildcards often, or the hostile
    // alphabet proves nothing.
    expect(outcomes.lineBreakAllowed).toBeGreaterThan(1_000);
    expect(outcomes.lineBreakDenied).toBeGreaterThan(1_000);
  });

  it('emits parseable CEL whose regexes compile for any acceptable pattern', () => {
    const anyPattern = fc
      .oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
        fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
        patternArb,
      )
      .filter((p) => toolPatternProblem(p) === undefined);
    fc.assert(
      fc.property(fc.array(anyPattern, { maxLength: 3 }), fc.array(anyPattern, { maxLength: 3 }), (allow, deny) => {
        const expression = toolFilterExpression({ allow, deny });
        if (expression === undefined) return allow.length + deny.length === 0;
        if (celSyntaxError(expression) !== undefined) return false;
        // plan() does not compile regexes, so evaluate each predicate on its own to force that.
        for (const p of [...allow, ...deny]) compileCheck(globPredicate(p))(p);
        return true;
      }),
      { numRuns: 2_000 },
    );
  });
});
