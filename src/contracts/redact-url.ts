import { valueText } from './value-text.js';

/** What stands in for a hidden part of a URL. */
export const REDACTED = '***';

/**
 * A URL (or text meant as one) with every part that may hold a secret hidden: the userinfo
 * (`user:password@`), the query and the fragment, where tokens are often pasted. The rest —
 * scheme, host, port and path — stays, so a message still says which URL it is about.
 *
 * It works on the text, not on a parsed URL, because it must also hide secrets in text that is
 * no valid URL (no scheme, a bad port): everything up to the last `@` counts as userinfo, even
 * where a URL parser would read the `@` as part of the path or query. Hiding a little
 * too much in a message costs nothing; showing a password costs a rotation.
 */
export function redactUrl(text: string): string {
  // The last "@" anywhere: text such as `http://:pw#@host` hides a password before a "#".
  const at = text.lastIndexOf('@');
  let head = text;
  if (at >= 0) {
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(text)?.[0] ?? '';
    head = `${scheme}${REDACTED}${text.slice(at)}`;
  }
  const cut = head.slice(at >= 0 ? head.indexOf('@') : 0).search(/[?#]/);
  if (cut < 0) return head;
  const start = (at >= 0 ? head.indexOf('@') : 0) + cut;
  const tail = head.slice(start);
  const query = tail.startsWith('?') ? `?${REDACTED}` : '';
  const fragment = tail.includes('#') ? `#${REDACTED}` : '';
  return `${head.slice(0, start)}${query}${fragment}`;
}

/** A URL as a message echoes it: redacted (see `redactUrl`), then quoted, escaped and capped like any value. */
export function urlText(text: string): string {
  return valueText(redactUrl(text));
}
