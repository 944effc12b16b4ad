import { describe, expect, it } from 'vitest';
import { isValidName, nameProblem } from '../../src/contracts/names.js';
import { valueText } from '../../src/contracts/value-text.js';

const LABEL = 'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';
const DNS1035 = 'lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters';
const SUBDOMAIN =
  'lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, at most 253 characters';

describe('nameProblem | dns1123-label', () => {
  it('accepts names that start with a digit and have inner dashes', () => {
    for (const name of ['a', '0', 'team-a', '1st', `a${'-'.repeat(61)}z`]) expect(nameProblem(name, 'dns1123-label')).toBeUndefined();
  });

  it('rejects dots, uppercase, underscores, edge dashes and the empty name', () => {
    for (const name of ['team.a', 'Team', 'team_a', '-a', 'a-', '']) {
      expect(nameProblem(name, 'dns1123-label')).toBe(`${JSON.stringify(name)} is not a valid name; allowed: ${LABEL}`);
    }
  });

  it('rejects 64 characters and accepts 63', () => {
    expect(nameProblem('a'.repeat(63), 'dns1123-label')).toBeUndefined();
    expect(nameProblem('a'.repeat(64), 'dns1123-label')).toBe(`"${'a'.repeat(64)}" is 64 characters long; allowed: ${LABEL}`);
  });
});

describe('nameProblem | dns1035-label', () => {
  it('rejects a leading digit, which a Service name may not have', () => {
    expect(nameProblem('1tg', 'dns1035-label')).toBe(`"1tg" is not a valid name; allowed: ${DNS1035}`);
    expect(nameProblem('tg1', 'dns1035-label')).toBeUndefined();
  });

  it('rejects 64 characters and accepts 63', () => {
    expect(isValidName(`a${'b'.repeat(62)}`, 'dns1035-label')).toBe(true);
    expect(nameProblem(`a${'b'.repeat(63)}`, 'dns1035-label')).toBe(`"a${'b'.repeat(63)}" is 64 characters long; allowed: ${DNS1035}`);
  });
});

describe('nameProblem | dns1123-subdomain', () => {
  it('accepts dotted names whose parts are labels', () => {
    for (const name of ['a.b', 'weather.v2', '1.2.3', 'a-b.c-d']) expect(isValidName(name, 'dns1123-subdomain')).toBe(true);
  });

  it('rejects empty parts and parts with edge dashes', () => {
    for (const name of ['a..b', '.a', 'a.', 'a.-b', 'a-.b']) {
      expect(nameProblem(name, 'dns1123-subdomain')).toBe(`${JSON.stringify(name)} is not a valid name; allowed: ${SUBDOMAIN}`);
    }
  });

  it('rejects 254 characters and accepts 253', () => {
    const ok = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(ok).toHaveLength(253);
    expect(isValidName(ok, 'dns1123-subdomain')).toBe(true);
    expect(nameProblem(`${ok}d`, 'dns1123-subdomain')).toBe(`${valueText(`${ok}d`, 200)} is 254 characters long; allowed: ${SUBDOMAIN}`);
  });
});

describe('nameProblem | echo', () => {
  it('echoes a long name once, cut to 200 characters, or not at all when asked', () => {
    const name = 'X'.repeat(1_000_000);
    const echoed = nameProblem(name, 'dns1123-label') ?? '';
    expect(echoed.length).toBeLessThan(500);
    expect(echoed.startsWith(`"${'X'.repeat(150)}`)).toBe(true);
    expect(nameProblem(name, 'dns1123-label', { echo: false })).toBe(`is 1000000 characters long; allowed: ${LABEL}`);
  });
});
