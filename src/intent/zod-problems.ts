import type { z } from 'zod';
import { valueText } from '../contracts/value-text.js';

/**
 * Turns a zod issue path into the form every message uses: `spec.env[2].name`. Kept under this name for
 * the intent parser; the formatter itself is shared with the validation gate.
 */
export { formatFieldPath as formatPath } from '../contracts/field-path.js';

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
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${typeName(input)} ${valueText(input)}`;
    case 'invalid_value':
      // zod reports a missing enum field as an invalid value; say "required" as for other fields.
      if (input === undefined) return `is required; allowed: ${issue.values.map((v) => valueText(v)).join(', ')}`;
      return `${valueText(input)} is not allowed; allowed: ${issue.values.map((v) => valueText(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => valueText(k)).join(', ')} (check the spelling; unknown fields are never ignored)`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${issue.minimum} item(s)`;
      if (issue.origin === 'string') return `must not be empty`;
      return `${valueText(input)} is too small; the minimum is ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `allows at most ${issue.maximum} item(s)`;
      if (issue.origin === 'string') return `is longer than ${issue.maximum} characters`;
      return `${valueText(input)} is too large; the maximum is ${issue.maximum}`;
    case 'invalid_format':
      return `${valueText(input)} is not a valid ${issue.format}`;
    default:
      return issue.message;
  }
}
