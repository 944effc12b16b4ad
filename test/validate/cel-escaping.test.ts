import { describe, expect, test } from 'vitest';
import { escapeCelProperty } from '../../src/validate/cel-escaping.js';

describe('escapeCelProperty |', () => {
  test('leaves ordinary names alone', () => {
    expect(escapeCelProperty('sectionName')).toBe('sectionName');
    expect(escapeCelProperty('_private')).toBe('_private');
  });

  test('wraps CEL reserved words in double underscores', () => {
    for (const word of ['namespace', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import']) {
      expect(escapeCelProperty(word)).toBe(`__${word}__`);
    }
    for (const word of ['let', 'loop', 'package', 'return', 'var', 'void', 'while', 'true', 'false', 'null']) {
      expect(escapeCelProperty(word)).toBe(`__${word}__`);
    }
  });

  test('spells out ".", "-", "/" and "__"', () => {
    expect(escapeCelProperty('app.kubernetes.io/name')).toBe('app__dot__kubernetes__dot__io__slash__name');
    expect(escapeCelProperty('max-size')).toBe('max__dash__size');
    expect(escapeCelProperty('a__b')).toBe('a__underscores__b');
    expect(escapeCelProperty('namespace-x')).toBe('namespace__dash__x');
  });

  test('gives undefined for names CEL cannot spell', () => {
    expect(escapeCelProperty('')).toBeUndefined();
    expect(escapeCelProperty('1st')).toBeUndefined();
    expect(escapeCelProperty('a b')).toBeUndefined();
    expect(escapeCelProperty('a:b')).toBeUndefined();
  });
});
