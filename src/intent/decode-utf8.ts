/** Where the first byte that is not valid UTF-8 sits: 0-based byte offset, 1-based line and byte column. */
export interface Utf8Fault {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly byte: number;
}

const FATAL = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of `bytes`, or where it stops being UTF-8. Node's default decoding replaces a bad byte
 * with U+FFFD, which would turn a Latin-1 image name into a different, valid-looking name; an input
 * must be UTF-8, and the message points at the line to fix. A leading BOM is dropped.
 */
export function decodeUtf8(bytes: Uint8Array): string | Utf8Fault {
  try {
    return FATAL.decode(bytes);
  } catch {
    // The decoder does not say where it failed; find it, only on the rare failing file.
    const offset = firstInvalidUtf8Byte(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    return { offset, line, column: offset - lineStart + 1, byte: bytes[offset] ?? 0 };
  }
}

/**
 * Offset of the first byte that starts no well-formed UTF-8 sequence (WHATWG rules: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or the length when the bytes are valid.
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let trailing: number;
    // The range the first continuation byte must lie in; it is narrower after E0, ED, F0 and F4.
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) trailing = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      trailing = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      trailing = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= trailing; k++) {
      const b = bytes[i + k];
      if (b === undefined || b < (k === 1 ? low : 0x80) || b > (k === 1 ? high : 0xbf)) return i;
    }
    i += trailing + 1;
  }
  return bytes.length;
}
