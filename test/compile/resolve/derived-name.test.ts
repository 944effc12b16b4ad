import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/contracts/problem.js';
import { checkDerivedName } from '../../../src/compile/resolve/derived-name.js';
import { guard, intentOf, routeToServer } from '../../support/intent-fixtures.js';
import { valueText } from '../../../src/contracts/value-text.js';

const route = intentOf('ToolRoute', routeToServer('team-a', 'weather', 's'));
const piiGuard = intentOf('Guard', guard('guards', 'pii'));

function check(name: string, serviceBacked = false, from: typeof route | typeof piiGuard = route): Problem[] {
  const problems: Problem[] = [];
  checkDerivedName(name, 'HTTPRoute', from, problems, serviceBacked);
  return problems;
}

describe('checkDerivedName |', () => {
  it('accepts a valid derived name and reports nothing', () => {
    expect(check('tg-weather')).toStrictEqual([]);
    expect(check(`${'a'.repeat(200)}.${'b'.repeat(52)}`)).toStrictEqual([]);
    expect(check(`p${'i'.repeat(62)}`, true)).toStrictEqual([]);
  });

  it('fails on a name over 253 characters and asks to shorten the intent it came from', () => {
    const name = `tg-${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`;
    expect(check(name)).toStrictEqual([
      {
        severity: 'error',
        object: { kind: 'ToolRoute', namespace: 'team-a', name: 'weather' },
        field: 'metadata.name',
        message: `the HTTPRoute name derived from it is invalid: ${valueText(name, 200)} is ${name.length} characters long; allowed: lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, at most 253 characters; shorten the ToolRoute name`,
        origin: undefined,
      },
    ]);
  });

  it('limits Service-backed names to a 63-character DNS-1035 label', () => {
    const name = `${'g'.repeat(57)}-adapter`;
    expect(check(name, true, piiGuard)).toStrictEqual([
      {
        severity: 'error',
        object: { kind: 'Guard', namespace: 'guards', name: 'pii' },
        field: 'metadata.name',
        message: `the HTTPRoute name derived from it is invalid: "${name}" is 65 characters long; allowed: lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters; shorten the Guard name`,
        origin: undefined,
      },
    ]);
    expect(check(`${'g'.repeat(57)}-adapter`)).toStrictEqual([]);
  });

  it('rejects a dotted name where a Service name is needed', () => {
    expect(check('a.b-adapter', true)[0]!.message).toMatch(
      /^the HTTPRoute name derived from it is invalid: "a\.b-adapter" is not a valid name; allowed: /,
    );
  });
});
