import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseByteSize } from '../../src/cli/byte-size.js';

describe('parseByteSize', () => {
  it('reads bytes and binary units, case-insensitively', () => {
    expect(parseByteSize('1000')).toBe(1000);
    expect(parseByteSize('2KiB')).toBe(2048);
    expect(parseByteSize('16mib')).toBe(16 * 1024 * 1024);
    expect(parseByteSize('1 GiB')).toBe(1024 ** 3);
    expect(parseByteSize('7B')).toBe(7);
  });

  it('rejects anything else with a message saying what is allowed', () => {
    for (const bad of ['', '0', '-1', '1.5MiB', '16MB', 'lots', '99999999999999999999']) {
      const r = parseByteSize(bad);
      expect(r, bad).toStrictEqual({ error: expect.stringContaining('allowed: a positive whole number of bytes') as unknown });
    }
  });

  it('round-trips every whole number of KiB, MiB and GiB it accepts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4096 }),
        fc.constantFrom(['KiB', 1024], ['MiB', 1024 ** 2], ['GiB', 1024 ** 3]),
        (n, [unit, factor]) => {
          expect(parseByteSize(`${n}${unit}`)).toBe(n * factor);
        },
      ),
    );
  });
});
