import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ToolFilterPatterns } from '../../src/compile/routes/tool-filter-cel.js';
import { toolFilterDifference } from '../../src/explain/tool-filter-difference.js';
import { globMatches } from '../support/glob-matcher.js';

/** The filter semantics from the README, on the independent glob matcher: allow (or none) and no deny. */
function oracle(filter: ToolFilterPatterns, name: string): boolean {
  const allow = filter.allow ?? [];
  return (allow.length === 0 || allow.some((p) => globMatches(p, name))) && !(filter.deny ?? []).some((p) => globMatches(p, name));
}

/** Every string over `alphabet` up to `max` characters long, shortest first. */
function allNames(alphabet: readonly string[], max: number): string[] {
  const out = [''];
  let level = [''];
  for (let n = 1; n <= max; n++) {
    level = level.flatMap((s) => alphabet.map((c) => s + c));
    out.push(...level);
  }
  return out;
}

// A small alphabet makes overlaps (and equal languages) likely; `c` appears in names only, so
// the stand-in for unnamed characters is exercised.
const glob = fc.array(fc.constantFrom('a', 'b', '*', '?', '_'), { minLength: 1, maxLength: 5 }).map((cs) => cs.join(''));
const filter: fc.Arbitrary<ToolFilterPatterns> = fc.record({
  allow: fc.array(glob, { maxLength: 3 }),
  deny: fc.array(glob, { maxLength: 2 }),
});
const NAMES = allNames(['a', 'b', '_', 'c'], 5).filter((n) => n !== '');

describe('toolFilterDifference |', () => {
  it('sees that get_* plus get_a* allows exactly what get_* does', () => {
    expect(toolFilterDifference({ allow: ['get_*', 'get_a*'] }, { allow: ['get_*'] })).toEqual({});
    expect(toolFilterDifference({ allow: ['get_*'], deny: ['get_x*'] }, { allow: ['get_*'], deny: ['get_x?*', 'get_x'] })).toEqual({});
  });

  it('reports a shortest newly allowed name when get_* becomes *', () => {
    expect(toolFilterDifference({ allow: ['get_*'] }, { allow: ['*'] })).toEqual({ newlyAllowed: 'x' });
    expect(toolFilterDifference({ allow: ['*'] }, { allow: ['get_*'] })).toEqual({ newlyDenied: 'x' });
    // A tool name is never empty, so * and ?* allow the same tools.
    expect(toolFilterDifference({ allow: ['*'] }, { allow: ['?*'] })).toEqual({});
  });

  it('reports witnesses both ways when the languages cross', () => {
    expect(toolFilterDifference({ allow: ['get_*'], deny: ['*_admin'] }, { allow: ['list_*'] })).toEqual({
      newlyAllowed: 'list_',
      newlyDenied: 'get_',
    });
  });

  it('treats no filter as allowing every name', () => {
    expect(toolFilterDifference(undefined, { deny: ['*'] })).toEqual({ newlyDenied: 'x' });
    expect(toolFilterDifference({}, undefined)).toEqual({});
    expect(toolFilterDifference({ deny: ['x'] }, undefined)).toEqual({ newlyAllowed: 'x' });
  });

  it('agrees with the glob oracle on random filters: every claim holds, no claim is missing, and witnesses are shortest', () => {
    fc.assert(
      fc.property(filter, filter, (base, head) => {
        const d = toolFilterDifference(base, head);
        const inHeadOnly = (n: string) => oracle(head, n) && !oracle(base, n);
        const inBaseOnly = (n: string) => oracle(base, n) && !oracle(head, n);
        if (d.newlyAllowed !== undefined) expect(inHeadOnly(d.newlyAllowed)).toBe(true);
        if (d.newlyDenied !== undefined) expect(inBaseOnly(d.newlyDenied)).toBe(true);
        // Every name up to 5 characters (c standing for the characters no pattern names) is
        // checked: a difference the search misses, or a witness longer than needed, shows here.
        const firstHeadOnly = NAMES.find(inHeadOnly);
        const firstBaseOnly = NAMES.find(inBaseOnly);
        const length = (s: string | undefined) => (s === undefined ? Infinity : Array.from(s).length);
        if (firstHeadOnly !== undefined || length(d.newlyAllowed) <= 5) expect(length(d.newlyAllowed)).toBe(length(firstHeadOnly));
        if (firstBaseOnly !== undefined || length(d.newlyDenied) <= 5) expect(length(d.newlyDenied)).toBe(length(firstBaseOnly));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds no difference between a filter and a rewrite with the same language', () => {
    fc.assert(
      fc.property(filter, glob, (f, extra) => {
        // An allow pattern that is already denied, and a deny of a name that is not allowed, change nothing.
        const deny = [...(f.deny ?? []), extra];
        const same = { allow: [...(f.allow ?? []), ...(f.allow?.length ? [extra] : [])], deny: [...deny, extra] };
        expect(toolFilterDifference({ allow: f.allow, deny }, same)).toEqual({});
      }),
      { numRuns: 500 },
    );
  });

  it('finds a witness longer than any pattern', () => {
    // Ends in aab and holds ab before a final b: six characters at least.
    expect(toolFilterDifference({ allow: ['b*aab'] }, { deny: ['*ab*b'] })).toEqual({ newlyAllowed: 'x', newlyDenied: 'babaab' });
  });

  it('finds witnesses that only a longer name shows, with characters no pattern names', () => {
    expect(toolFilterDifference({ allow: ['a?b'] }, { allow: ['a*b'] })).toEqual({ newlyAllowed: 'ab' });
    expect(toolFilterDifference({ allow: ['a*'], deny: ['a'] }, { allow: ['a*'], deny: ['a?'] })).toEqual({
      newlyAllowed: 'a',
      newlyDenied: 'ax',
    });
    expect(toolFilterDifference({ allow: ['??'] }, { allow: ['a*'] })).toEqual({ newlyAllowed: 'a', newlyDenied: 'xx' });
  });
});
