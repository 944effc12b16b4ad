/**
 * The longest text a message echoes of one value. The values a message is about (a name, a port, a short
 * list) fit; a long one is cut so that a 1 MB string or object does not flood the terminal.
 */
export const VALUE_TEXT_MAX = 80;

/**
 * A value as a message echoes it: as JSON, so strings are quoted and `""`, `" "` and `"80"` read apart
 * from each other, with terminal-unsafe characters escaped (see `escapeControlCharacters`), and cut to
 * `max` characters ending in "…" when longer. `undefined` reads `undefined`; a bigint its digits.
 */
export function valueText(value: unknown, max: number = VALUE_TEXT_MAX): string {
  // Only the first `max` characters of a string can be shown; JSON-encoding them alone gives the same
  // text (escapes only lengthen it) without copying a huge string twice.
  const shown = typeof value === 'string' && value.length > max ? value.slice(0, max) : value;
  return cut(escapeControlCharacters(jsonText(shown)), max);
}

/**
 * Text a message echoes without quotes (an apiVersion, a kind): escaped as `valueText` escapes, and cut to
 * `max` characters ending in "…" when longer.
 */
export function plainText(text: string, max: number = VALUE_TEXT_MAX): string {
  // One character past `max` is enough to know the text must be cut.
  return cut(escapeControlCharacters(text.length > max ? text.slice(0, max + 1) : text), max);
}

/**
 * Characters that would reach the terminal as commands or reorder what is shown rather than print:
 * C0 and C1 control characters (ESC starts ANSI sequences; U+009B is a one-character CSI), DEL,
 * bidirectional overrides and isolates, line and paragraph separators, and lone surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Bidi_Control}\p{Zl}\p{Zp}\p{Cs}]/gu;

/**
 * Text with every terminal-unsafe character written as a JSON escape (`\n`, `\u001b`, `\u202e`), for
 * text that is echoed as it is rather than quoted. Ordinary text, including non-Latin letters and
 * emoji, is unchanged.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const json = JSON.stringify(ch).slice(1, -1);
    return json !== ch ? json : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** JSON.stringify typed as it behaves: undefined for a value whose `toJSON` method returns undefined. */
const toJson: (value: unknown) => string | undefined = JSON.stringify;

function jsonText(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return 'a function';
  try {
    return toJson(value) ?? 'undefined';
  } catch {
    // A cycle, or a bigint inside an object.
    return 'a value that cannot be written as JSON';
  }
}

/**
 * One escape sequence or one code point: the units `cut` never splits, so a cut text holds no half
 * escape (`\u00`) and no half of a surrogate pair.
 */
const UNIT = /\\u[0-9a-fA-F]{4}|\\[\s\S]|[\s\S]/gu;

/** `text` if it is at most `max` UTF-16 units long, else its longest whole-unit prefix below `max`, plus "…". */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const unit of text.matchAll(UNIT)) {
    if (end + unit[0].length > max - 1) break;
    end += unit[0].length;
  }
  return `${text.slice(0, end)}…`;
}

/**
 * A file path as a message echoes it: quoted as JSON and with terminal-unsafe characters escaped, so
 * a file name holding a newline and a fake `error:` line, or an ANSI escape, shows as text. Never cut:
 * a path is only useful whole.
 */
export function pathText(path: string): string {
  return escapeControlCharacters(JSON.stringify(path));
}
