import type { z } from 'zod';

/** Turns a zod issue path into the dotted form used in messages: `spec.env[2].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  // Despite its declared type, JSON.stringify returns undefined for functions and symbols.
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return typeof value === 'symbol' ? value.toString() : `a ${typeof value}`;
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'object':
      return 'a map';
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return typeof value;
  }
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
  record: 'a map',
};

/**
 * Rewrites a zod issue in words a platform engineer reads without knowing zod: what is wrong,
 * the bad value, what is allowed. Issues raised by our own refinements pass through unchanged.
 */
export function describeIssue(issue: z.core.$ZodIssue): string {
  // Our own messages (schema `error` options, refinements) are lowercase; zod's defaults are not.
  if (/^[a-z]/.test(issue.message)) return issue.message;
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${typeName(input)} ${show(input)}`;
    case 'invalid_value':
      // zod reports a missing enum field as an invalid value; say "required" as for other fields.
      if (input === undefined) return `is required; allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
      return `${show(input)} is not allowed; allowed: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (check the spelling; unknown fields are never ignored)`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${issue.minimum} item(s)`;
      if (issue.origin === 'string') return `must not be empty`;
      return `${show(input)} is too small; the minimum is ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `allows at most ${issue.maximum} item(s)`;
      if (issue.origin === 'string') return `is longer than ${issue.maximum} characters`;
      return `${show(input)} is too large; the maximum is ${issue.maximum}`;
    case 'invalid_format':
      return `${show(input)} is not a valid ${issue.format}`;
    default:
      return issue.message;
  }
}
