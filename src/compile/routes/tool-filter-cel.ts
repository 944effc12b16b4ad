import { celEnv, parse, plan, type CelEnv } from '@bufbuild/cel';

/** Glob patterns of a ToolRoute's `toolFilter`; deny wins over allow. */
export interface ToolFilterPatterns {
  readonly allow?: readonly string[];
  readonly deny?: readonly string[];
}

// agentgateway binds the called tool's name here; the reference operator hard-codes it too.
const TOOL_NAME = 'mcp.tool.name';

// The MCP spec caps tool names at 128 characters; a longer pattern is a mistake, not a real filter.
const MAX_PATTERN_CHARS = 128;

// Exactly the byte set Go's regexp.QuoteMeta escapes; any other set would drift from the operator's output.
const REGEX_META = new Set(['\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$']);

/**
 * Quotes a string as a double-quoted CEL literal. Only `\` and `"` are escaped, matching the
 * operator byte for byte; control characters are kept out earlier by {@link toolPatternProblem}.
 */
export function celStringLiteral(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/**
 * Translates a glob into an anchored regex: `*` → `.*`, `?` → `.`, everything else literal.
 * `(?s)` lets `.` match a newline too: without it RE2 (and Rust's regex crate, which agentgateway
 * evaluates it with) stop `.*` at `\n`, and deny `*delete*` would not deny `x\ndelete`. A tool
 * name is one string whatever it contains; `^` and `$` already anchor at its ends only, as
 * neither engine is in multi-line mode.
 */
function globToRegex(pattern: string): string {
  let out = '(?s)^';
  for (const ch of pattern) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += REGEX_META.has(ch) ? `\\${ch}` : ch;
  }
  return `${out}$`;
}

/**
 * Builds the CEL predicate for one glob: plain equality when the pattern has no wildcard,
 * otherwise an anchored `matches()` call.
 */
export function globPredicate(pattern: string): string {
  // The operator uses equality for wildcard-free patterns, so `.` in `a.b` stays unescaped.
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return `${TOOL_NAME} == ${celStringLiteral(pattern)}`;
  }
  return `${TOOL_NAME}.matches(${celStringLiteral(globToRegex(pattern))})`;
}

/**
 * Combines allow and deny globs into the single CEL expression for `policy.matchExpressions`,
 * or returns undefined when the filter has no patterns (no policy should be emitted).
 */
export function toolFilterExpression(filter: ToolFilterPatterns | undefined): string | undefined {
  const allow = (filter?.allow ?? []).map(globPredicate).join(' || ');
  const deny = (filter?.deny ?? []).map(globPredicate).join(' || ');
  if (allow && deny) return `(${allow}) && !(${deny})`;
  if (allow) return allow;
  if (deny) return `!(${deny})`;
  return undefined;
}

let cachedEnv: CelEnv | undefined;

// Building the environment registers every std function; once per process is enough.
function sharedEnv(): CelEnv {
  cachedEnv ??= celEnv();
  return cachedEnv;
}

// Routes mostly share a handful of filters and one parse takes around half a millisecond, so each
// distinct expression is parsed once per process. The result depends only on the text.
const MAX_CACHED_EXPRESSIONS = 1024;
const syntaxErrors = new Map<string, string | undefined>();

/**
 * Parses and plans a CEL expression with @bufbuild/cel; returns the error message, or undefined
 * when the expression is valid. Only syntax is checked: @bufbuild/cel has no public type checker,
 * so unknown functions and bad regexes surface at evaluation time, not here.
 */
export function celSyntaxError(expression: string): string | undefined {
  if (syntaxErrors.has(expression)) return syntaxErrors.get(expression);
  let error: string | undefined;
  try {
    plan(sharedEnv(), parse(expression));
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  // Drop the oldest entry (Maps iterate in insertion order) so a huge estate of distinct filters stays bounded.
  if (syntaxErrors.size >= MAX_CACHED_EXPRESSIONS) syntaxErrors.delete(syntaxErrors.keys().next().value as string);
  syntaxErrors.set(expression, error);
  return error;
}

/** Formats a code point as `0x0a` so messages stay lowercase. */
function codePointLabel(cp: number): string {
  return `0x${cp.toString(16).padStart(2, '0')}`;
}

/**
 * Checks one user-supplied glob; returns a lowercase message saying what is wrong and what is
 * allowed, or undefined when the pattern is acceptable. Lengths count code points.
 */
export function toolPatternProblem(pattern: string): string | undefined {
  if (pattern === '') {
    return 'tool pattern must not be empty; use a tool name or a glob where * matches any run of characters and ? matches exactly one';
  }
  let length = 0;
  for (const ch of pattern) {
    length++;
    // A pattern is written by the estate's author, never by an upstream: a control character in
    // it is a mistake, and a raw newline would also make the CEL literal unparsable. Tool names
    // at runtime may contain anything; the emitted regexes match them all (see globToRegex).
    const cp = ch.codePointAt(0);
    if (cp !== undefined && (cp <= 0x1f || cp === 0x7f)) {
      return `tool pattern ${JSON.stringify(pattern)} contains control character ${codePointLabel(cp)}; only printable characters are allowed`;
    }
  }
  if (length > MAX_PATTERN_CHARS) {
    return `tool pattern ${JSON.stringify(pattern)} is ${length} characters long; at most ${MAX_PATTERN_CHARS} are allowed because mcp tool names are at most ${MAX_PATTERN_CHARS} characters`;
  }
  return undefined;
}
