import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { labelValue, MANAGED_BY } from '../../src/contracts/labels.js';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

describe('MANAGED_BY |', () => {
  it('is the project name, the value of app.kubernetes.io/managed-by on every emitted object', () => {
    expect(MANAGED_BY).toBe('cdk8s-tool-gateway');
  });
});

describe('labelValue |', () => {
  it('keeps values of up to 63 characters unchanged', () => {
    expect(labelValue('weather')).toBe('weather');
    expect(labelValue('a'.repeat(63))).toBe('a'.repeat(63));
  });

  it('shortens longer values to 54 characters plus a dash and 8 hex digits of their hash', () => {
    const long = `${'a'.repeat(60)}.bcdef`;
    const value = labelValue(long);
    expect(value).toMatch(/^a{54}-[0-9a-f]{8}$/);
    expect(value).toHaveLength(63);
  });

  it('drops separators before the hash so the value stays a valid label value', () => {
    const value = labelValue(`${'a'.repeat(52)}..${'b'.repeat(20)}`);
    expect(value).toMatch(/^a{52}-[0-9a-f]{8}$/);
  });

  it('gives two long names with the same prefix different values, the same name the same value', () => {
    const prefix = `${'x'.repeat(60)}.`;
    expect(labelValue(`${prefix}one`)).not.toBe(labelValue(`${prefix}two`));
    expect(labelValue(`${prefix}one`)).toBe(labelValue(`${prefix}one`));
  });

  it('always yields a valid label value for any DNS-1123 subdomain name', () => {
    const part = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    const subdomain = fc
      .array(part, { minLength: 1, maxLength: 4 })
      .map((p) => p.join('.'))
      .filter((n) => n.length <= 253);
    fc.assert(
      fc.property(subdomain, (name) => {
        const value = labelValue(name);
        expect(value.length).toBeLessThanOrEqual(63);
        expect(value).toMatch(LABEL_VALUE);
      }),
      { numRuns: 300 },
    );
  });
});
