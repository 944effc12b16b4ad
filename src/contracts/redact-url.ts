import { valueText } from './value-text.js';

/** What stands in for a hidden part of a URL. */
export const REDACTED = '***';

/**
 * A URL (or text meant as one) with every part that may hold a secret hidden: the userinfo
 * (`user:password@`), the query and the fragment, where tokens are often pasted. The rest —
 * scheme, host, port and path — stays, so a message still says which URL it is about.
 *
 * It works on the text, not on a parsed URL, because it must also hide secrets in text that is
 * no valid URL (no scheme, a bad port): everything before the query and fragment up to its last
 * `@` counts as userinfo, even where a URL parser would read that `@` as part of the path, and
 * an authority followed directly by a `?` or `#` with an `@` behind it is hidden whole. Hiding a little
 * too much in a message costs nothing; showing a password costs a rotation.
 */
export function redactUrl(text: string): string {
  const cut = text.search(/[?#]/);
  const head = cut < 0 ? text : text.slice(0, cut);
  const tail = cut < 0 ? '' : text.slice(cut);
  const scheme = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\//.exec(head)?.[0] ?? '';
  let shown = head;
  const at = head.lastIndexOf('@');
  if (at >= 0) shown = `${scheme}${REDACTED}${head.slice(at)}`;
  // `http://user:pa?ss@host`: the "@" is past the "?", so the whole authority may be a password.
  else if (tail.includes('@') && !head.slice(scheme.length).includes('/')) shown = `${scheme}${REDACTED}`;
  if (tail === '') return shown;
  const query = tail.startsWith('?') ? `?${REDACTED}` : '';
  const fragment = tail.includes('#') ? `#${REDACTED}` : '';
  return `${shown}${query}${fragment}`;
}

/** A URL as a message echoes it: redacted (see `redactUrl`), then quoted, escaped and capped like any value. */
export function urlText(text: string): string {
  return valueText(redactUrl(text));
}
