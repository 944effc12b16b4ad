import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, firstInvalidUtf8Byte } from '../../src/intent/decode-utf8.js';

// The oracle is the platform's own decoder: fatal for "is it valid", replacing for "where".
const fatal = new TextDecoder('utf-8', { fatal: true });
const replacing = new TextDecoder('utf-8');

function isValid(bytes: Uint8Array): boolean {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Bytes that are mostly valid UTF-8 text with stray bytes spliced in, so faults sit at varied offsets. */
const mostlyText = fc
  .tuple(fc.string({ unit: 'binary', maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0x80, max: 0xff })), { maxLength: 3 }))
  .map(([text, strays]) => {
    const bytes = [...Buffer.from(text, 'utf8')];
    for (const [at, byte] of strays) bytes.splice(at % (bytes.length + 1), 0, byte);
    return Uint8Array.from(bytes);
  });

describe('firstInvalidUtf8Byte', () => {
  it('agrees with the platform decoder on validity, and the bytes before the fault decode to what precedes the first U+FFFD', () => {
    fc.assert(
      fc.property(fc.oneof(mostlyText, fc.uint8Array({ maxLength: 24 })), (bytes) => {
        const at = firstInvalidUtf8Byte(bytes);
        expect(at === bytes.length).toBe(isValid(bytes));
        if (at === bytes.length) return;
        const before = fatal.decode(bytes.subarray(0, at));
        // Decoding with replacement gives the valid prefix, then a replacement character for the fault.
        expect(replacing.decode(bytes).startsWith(`${before}\uFFFD`)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it.each<[string, number[], number]>([
    ['an overlong two-byte form', [0x41, 0xc0, 0x80], 1],
    ['an overlong three-byte form', [0xe0, 0x80, 0x80], 0],
    ['a surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a truncated sequence at the end', [0x61, 0x62, 0xe2, 0x82], 2],
    ['a lone continuation byte', [0x80], 0],
  ])('finds %s', (_, bytes, at) => {
    expect(firstInvalidUtf8Byte(Uint8Array.from(bytes))).toBe(at);
  });
});

describe('decodeUtf8', () => {
  it('decodes valid text and drops a leading BOM', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFkind: café\n', 'utf8'))).toBe('kind: café\n');
  });

  it('reports the line, column and value of the first bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('a: 1\nimage: caf', 'latin1'), Buffer.from([0xe9]), Buffer.from('\nb: \xff\n', 'latin1')]);
    expect(decodeUtf8(bytes)).toStrictEqual({ offset: 15, line: 2, column: 11, byte: 0xe9 });
  });
});
