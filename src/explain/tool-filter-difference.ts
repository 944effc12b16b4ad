import { compareStrings } from '../contracts/json.js';

/** A route's tool filter: globs over tool names, `*` any run and `?` one character; deny wins. */
export interface ToolFilterGlobs {
  readonly allow?: readonly string[];
  readonly deny?: readonly string[];
}

/**
 * How two tool filters differ, decided on the languages they accept rather than on their text:
 * a shortest tool name each way, or none when there is no such name at all.
 */
export interface ToolFilterDifference {
  /** A shortest name the head filter lets through and the base filter does not. */
  readonly newlyAllowed?: string;
  /** A shortest name the base filter let through and the head filter does not. */
  readonly newlyDenied?: string;
}

/** The product automaton grows with the patterns' stars; far beyond any real pair of filters. */
export const MAX_FILTER_STATES = 200_000;

/** A glob as a sequence of code points, `*` and `?` being its only wildcards (see tool-filter-cel.ts). */
type Glob = readonly string[];

/**
 * The positions of a glob reachable after reading some name: position i means the first i
 * pattern characters matched. A `*` at a reachable position also matches the empty run, so the
 * position after it is reachable too.
 */
function closure(glob: Glob, positions: readonly number[]): number[] {
  const out = new Set<number>();
  for (const start of positions) {
    let i = start;
    out.add(i);
    while (i < glob.length && glob[i] === '*') out.add(++i);
  }
  return [...out].sort((a, b) => a - b);
}

/** The positions reachable from `positions` by one more character `ch` (undefined: a character no pattern names). */
function step(glob: Glob, positions: readonly number[], ch: string | undefined): number[] {
  const next: number[] = [];
  for (const i of positions) {
    const p = glob[i];
    if (p === undefined) continue;
    if (p === '*') next.push(i);
    else if (p === '?' || (ch !== undefined && p === ch)) next.push(i + 1);
  }
  return closure(glob, next);
}

/** Whether a filter lets a name through, given which of its patterns match it: allow (or no allow) and no deny. */
function accepts(allowCount: number, matched: readonly boolean[]): boolean {
  const allowed = allowCount === 0 || matched.slice(0, allowCount).some(Boolean);
  return allowed && !matched.slice(allowCount).some(Boolean);
}

/** A printable character no pattern names, standing for all of them (they behave alike). */
function otherCharacter(literals: ReadonlySet<string>): string {
  for (const ch of 'xyzabcdefghijklmnopqrstuvw0123456789_-') if (!literals.has(ch)) return ch;
  for (let cp = 0x100; ; cp++) if (!literals.has(String.fromCodePoint(cp))) return String.fromCodePoint(cp);
}

/**
 * Decides exactly which tool names two filters treat differently, by breadth-first search over
 * the product of every pattern's glob automaton. Each filter accepts the names matched by an
 * allow pattern (every name when it has none) and by no deny pattern; names are non-empty, as MCP
 * tool names are. The alphabet is infinite,
 * but every character no pattern names is matched by the same transitions (only `*` and `?`), so
 * the literal characters of the patterns plus one stand-in decide everything. Breadth-first order
 * makes each witness a shortest one. Throws when the product passes `MAX_FILTER_STATES` states.
 */
export function toolFilterDifference(base: ToolFilterGlobs | undefined, head: ToolFilterGlobs | undefined): ToolFilterDifference {
  const baseAllow = (base?.allow ?? []).map((p) => Array.from(p));
  const baseDeny = (base?.deny ?? []).map((p) => Array.from(p));
  const headAllow = (head?.allow ?? []).map((p) => Array.from(p));
  const headDeny = (head?.deny ?? []).map((p) => Array.from(p));
  const globs: Glob[] = [...baseAllow, ...baseDeny, ...headAllow, ...headDeny];
  const baseCount = baseAllow.length + baseDeny.length;
  const literals = new Set(globs.flat().filter((ch) => ch !== '*' && ch !== '?'));
  const other = otherCharacter(literals);
  // undefined is the stand-in for every character no pattern names; first, so that a witness
  // reads `x` rather than some punctuation a pattern happens to hold.
  const alphabet: (string | undefined)[] = [undefined, ...[...literals].sort(compareStrings)];

  const verdicts = (state: readonly number[][]): { inBase: boolean; inHead: boolean } => {
    const matched = state.map((positions, g) => positions.includes(globs[g]?.length ?? -1));
    return {
      inBase: accepts(baseAllow.length, matched.slice(0, baseCount)),
      inHead: accepts(headAllow.length, matched.slice(baseCount)),
    };
  };

  const successors = (state: readonly number[][], name: string) =>
    alphabet.map((ch) => ({ state: state.map((positions, g) => step(globs[g] ?? [], positions, ch)), name: name + (ch ?? other) }));
  // The search starts at the one-character names: MCP tool names are never empty, and the empty
  // name's state must not count as seen, since a longer name can lead back to it.
  const seen = new Set<string>();
  let frontier: { state: number[][]; name: string }[] = [];
  for (const s of successors(
    globs.map((g) => closure(g, [0])),
    '',
  )) {
    const key = JSON.stringify(s.state);
    if (!seen.has(key)) frontier.push(s);
    seen.add(key);
  }
  let newlyAllowed: string | undefined;
  let newlyDenied: string | undefined;
  while (frontier.length > 0 && (newlyAllowed === undefined || newlyDenied === undefined)) {
    for (const { state, name } of frontier) {
      const { inBase, inHead } = verdicts(state);
      if (inHead && !inBase) newlyAllowed ??= name;
      if (inBase && !inHead) newlyDenied ??= name;
    }
    const next: { state: number[][]; name: string }[] = [];
    for (const { state, name } of frontier) {
      for (const s of successors(state, name)) {
        const key = JSON.stringify(s.state);
        if (seen.has(key)) continue;
        seen.add(key);
        if (seen.size > MAX_FILTER_STATES) {
          throw new Error(`the tool filters are too complex to compare (more than ${MAX_FILTER_STATES} automaton states)`);
        }
        next.push(s);
      }
    }
    frontier = next;
  }
  return { ...(newlyAllowed !== undefined ? { newlyAllowed } : {}), ...(newlyDenied !== undefined ? { newlyDenied } : {}) };
}
