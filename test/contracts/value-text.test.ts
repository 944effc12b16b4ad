import { describe, expect, test } from 'vitest';
import { escapeControlCharacters, plainText, valueText } from '../../src/contracts/value-text.js';

describe('valueText |', () => {
  test('writes short values as JSON', () => {
    expect(valueText('team-a')).toBe('"team-a"');
    expect(valueText('')).toBe('""');
    expect(valueText(80)).toBe('80');
    expect(valueText(null)).toBe('null');
    expect(valueText(true)).toBe('true');
    expect(valueText({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
    expect(valueText(undefined)).toBe('undefined');
  });

  test('cuts a value longer than 80 characters to 79 and an ellipsis', () => {
    expect(valueText('c'.repeat(78))).toBe(`"${'c'.repeat(78)}"`);
    expect(valueText('c'.repeat(79))).toBe(`"${'c'.repeat(78)}…`);
    expect(valueText(Array.from({ length: 50 }, (_, i) => i))).toBe(
      `${JSON.stringify(Array.from({ length: 50 }, (_, i) => i)).slice(0, 79)}…`,
    );
  });

  test('cuts a 1 MB string to the same 80 characters', () => {
    const text = valueText('x'.repeat(1_000_000));
    expect(text).toBe(`"${'x'.repeat(78)}…`);
  });

  test('takes a larger limit when given one', () => {
    expect(valueText('y'.repeat(300), 200)).toBe(`"${'y'.repeat(198)}…`);
  });

  test('escapes ANSI escapes, C1 controls, DEL, bidi overrides and line separators', () => {
    expect(valueText('\u001b[31mred\u001b[0m')).toBe('"\\u001b[31mred\\u001b[0m"');
    expect(valueText('a\u009b2Jb\u007f')).toBe('"a\\u009b2Jb\\u007f"');
    expect(valueText('abc\u202edef\u2066')).toBe('"abc\\u202edef\\u2066"');
    expect(valueText('a\u2028b\nc')).toBe('"a\\u2028b\\nc"');
  });

  test('never cuts inside an escape sequence or a surrogate pair', () => {
    // 70 characters, then escapes that straddle the 79-character cut.
    const text = valueText(`${'a'.repeat(70)}\u001b\u001b`);
    expect(text).toBe(`"${'a'.repeat(70)}\\u001b…`);
    const emoji = valueText(`${'a'.repeat(77)}😀😀`);
    expect(emoji).toBe(`"${'a'.repeat(77)}…`);
    expect(emoji).not.toMatch(/[\uD800-\uDFFF]/);
  });

  test('leaves non-Latin letters and emoji as they are', () => {
    expect(valueText('名前-😀')).toBe('"名前-😀"');
  });

  test('shows values JSON cannot write', () => {
    expect(valueText(10n)).toBe('10');
    expect(valueText(Symbol('s'))).toBe('Symbol(s)');
    expect(valueText(() => 1)).toBe('a function');
    const cycle: { self?: unknown } = {};
    cycle.self = cycle;
    expect(valueText(cycle)).toBe('a value that cannot be written as JSON');
    expect(valueText({ toJSON: () => undefined })).toBe('undefined');
  });
});

describe('plainText |', () => {
  test('keeps ordinary text, unquoted', () => {
    expect(plainText('gateway.networking.k8s.io/v1')).toBe('gateway.networking.k8s.io/v1');
  });

  test('escapes control characters and cuts long text', () => {
    expect(plainText('v1\u001b[2J')).toBe('v1\\u001b[2J');
    expect(plainText('k'.repeat(80))).toBe('k'.repeat(80));
    expect(plainText('k'.repeat(81))).toBe(`${'k'.repeat(79)}…`);
  });
});

describe('escapeControlCharacters |', () => {
  test('writes control characters as JSON escapes and leaves the rest', () => {
    expect(escapeControlCharacters('tab\there\r\n\u0000')).toBe('tab\\there\\r\\n\\u0000');
    expect(escapeControlCharacters('ok: port 80 is "in use"')).toBe('ok: port 80 is "in use"');
  });

  test('escapes a lone surrogate', () => {
    expect(escapeControlCharacters('a\uD800b')).toBe('a\\ud800b');
  });
});
