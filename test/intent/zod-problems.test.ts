import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue, formatPath } from '../../src/intent/zod-problems.js';

/** The messages describeIssue gives for a value that a schema rejects. */
function messages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) throw new Error('expected the value to be rejected');
  return result.error.issues.map(describeIssue);
}

describe('formatPath |', () => {
  it('joins keys with dots and writes list indexes in brackets', () => {
    expect(formatPath(['spec', 'env', 2, 'name'])).toBe('spec.env[2].name');
    expect(formatPath(['spec'])).toBe('spec');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath([])).toBe('');
  });

  it('quotes keys that are not plain names, as the validation gate does', () => {
    expect(formatPath(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe('metadata.labels["app.kubernetes.io/name"]');
  });
});

describe('describeIssue |', () => {
  it('says a missing field is required', () => {
    expect(messages(z.object({ a: z.string() }), {})).toStrictEqual(['is required']);
  });

  it('names the expected type and the value it got', () => {
    expect(messages(z.string(), 5)).toStrictEqual(['expected a string, got an integer 5']);
    expect(messages(z.boolean(), 'yes')).toStrictEqual(['expected true or false, got a string "yes"']);
    expect(messages(z.array(z.string()), { a: 1 })).toStrictEqual(['expected a list, got a map {"a":1}']);
    expect(messages(z.object({}), null)).toStrictEqual(['expected a map, got null null']);
    expect(messages(z.int(), 1.5)).toStrictEqual(['expected an integer, got a number 1.5']);
  });

  it('shortens long values to 80 characters', () => {
    const [message] = messages(z.number(), 'x'.repeat(200));
    expect(message).toBe(`expected a number, got a string "${'x'.repeat(78)}…`);
  });

  it('escapes control characters in values and unknown keys instead of echoing them', () => {
    expect(messages(z.number(), '\u001b[31mred')).toStrictEqual(['expected a number, got a string "\\u001b[31mred"']);
    expect(messages(z.strictObject({}), { 'a\u009bb': 1 })).toStrictEqual([
      'unknown field "a\\u009bb" (check the spelling; unknown fields are never ignored)',
    ]);
  });

  it('lists the allowed values of an enum, and says a missing one is required', () => {
    expect(messages(z.enum(['http', 'sse']), 'stdio')).toStrictEqual(['"stdio" is not allowed; allowed: "http", "sse"']);
    expect(messages(z.object({ t: z.enum(['http', 'sse']) }), {})).toStrictEqual(['is required; allowed: "http", "sse"']);
  });

  it('names unknown keys', () => {
    expect(messages(z.strictObject({}), { a: 1 })).toStrictEqual([
      'unknown field "a" (check the spelling; unknown fields are never ignored)',
    ]);
    expect(messages(z.strictObject({}), { a: 1, b: 2 })).toStrictEqual([
      'unknown fields "a", "b" (check the spelling; unknown fields are never ignored)',
    ]);
  });

  it('describes size limits of lists, strings and numbers', () => {
    expect(messages(z.array(z.string()).min(1), [])).toStrictEqual(['needs at least 1 item(s)']);
    expect(messages(z.array(z.string()).max(1), ['a', 'b'])).toStrictEqual(['allows at most 1 item(s)']);
    expect(messages(z.string().min(1), '')).toStrictEqual(['must not be empty']);
    expect(messages(z.string().max(3), 'abcd')).toStrictEqual(['is longer than 3 characters']);
    expect(messages(z.number().min(1), 0)).toStrictEqual(['0 is too small; the minimum is 1']);
    expect(messages(z.number().max(9), 10)).toStrictEqual(['10 is too large; the maximum is 9']);
  });

  it('passes messages of custom refinements through unchanged', () => {
    const schema = z.string().superRefine((_, ctx) => ctx.addIssue({ code: 'custom', message: 'a message of our own' }));
    expect(messages(schema, 'x')).toStrictEqual(['a message of our own']);
  });
});
