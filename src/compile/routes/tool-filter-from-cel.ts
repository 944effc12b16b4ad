import { toolFilterExpression, type ToolFilterPatterns } from './tool-filter-cel.js';

const TOOL_NAME = 'mcp.tool.name';

/** Reads a double-quoted CEL literal at `at` as `celStringLiteral` writes it (only `\\` and `\"` escaped). */
function readLiteral(text: string, at: number): { value: string; end: number } | undefined {
  if (text[at] !== '"') return undefined;
  let value = '';
  for (let i = at + 1; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '"') return { value, end: i + 1 };
    if (ch === '\\') {
      const next = text[i + 1];
      if (next !== '\\' && next !== '"') return undefined;
      value += next;
      i++;
    } else value += ch;
  }
  return undefined;
}

/** The glob an anchored `(?s)^…$` regex of `globToRegex` came from. */
function globOfRegex(regex: string): string | undefined {
  if (!regex.startsWith('(?s)^') || !regex.endsWith('$')) return undefined;
  const body = Array.from(regex.slice('(?s)^'.length, -1));
  let glob = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] ?? '';
    if (ch === '\\') {
      const next = body[++i];
      if (next === undefined) return undefined;
      glob += next;
    } else if (ch === '.' && body[i + 1] === '*') {
      glob += '*';
      i++;
    } else if (ch === '.') glob += '?';
    else glob += ch;
  }
  return glob;
}

/** Reads `pred ( || pred )*` at `at`; each pred is an equality or an anchored matches() of the tool name. */
function readPatterns(text: string, at: number): { patterns: string[]; end: number } | undefined {
  const patterns: string[] = [];
  let i = at;
  for (;;) {
    if (!text.startsWith(TOOL_NAME, i)) return undefined;
    i += TOOL_NAME.length;
    if (text.startsWith(' == ', i)) {
      const lit = readLiteral(text, i + 4);
      if (!lit) return undefined;
      patterns.push(lit.value);
      i = lit.end;
    } else if (text.startsWith('.matches(', i)) {
      const lit = readLiteral(text, i + '.matches('.length);
      const glob = lit && globOfRegex(lit.value);
      if (!lit || glob === undefined || text[lit.end] !== ')') return undefined;
      patterns.push(glob);
      i = lit.end + 1;
    } else return undefined;
    if (!text.startsWith(' || ', i)) return { patterns, end: i };
    i += 4;
  }
}

/**
 * The allow and deny globs of a tool-filter CEL expression, read back from the policy synth
 * emitted, so that `diff` can compare the filters of any synthesized output, with or without the
 * ToolRoute status carriers. The reading is checked by compiling the globs again: undefined
 * unless they give back exactly `expression` (a hand-edited policy is not guessed at).
 */
export function toolFilterFromCel(expression: string): ToolFilterPatterns | undefined {
  let filter: ToolFilterPatterns | undefined;
  if (expression.startsWith('!(')) {
    const deny = readPatterns(expression, 2);
    if (deny && deny.end === expression.length - 1) filter = { deny: deny.patterns };
  } else if (expression.startsWith('(')) {
    const allow = readPatterns(expression, 1);
    if (allow && expression.startsWith(') && !(', allow.end)) {
      const deny = readPatterns(expression, allow.end + ') && !('.length);
      if (deny && deny.end === expression.length - 1) filter = { allow: allow.patterns, deny: deny.patterns };
    }
  } else {
    const allow = readPatterns(expression, 0);
    if (allow && allow.end === expression.length) filter = { allow: allow.patterns };
  }
  return filter && toolFilterExpression(filter) === expression ? filter : undefined;
}
