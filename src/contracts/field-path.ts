import { valueText } from './value-text.js';

/** One step of a field path: a property name, or a list index. */
export type PathSegment = string | number;

/** A name that reads unambiguously after a dot. Hyphens are allowed: `x-kubernetes-list-type`, `dry-run`. */
const PLAIN_NAME = /^[A-Za-z_$][\w$-]*$/;

/**
 * The longest key a path spells out in full: a qualified name (a 253-character DNS prefix, "/" and a
 * 63-character name), quoted, fits; anything longer is not a valid key and is cut like a value.
 */
const KEY_MAX = 320;

/**
 * Renders a field path the way every message names a field: `spec.rules[0].matches[0].path.value`, and
 * `metadata.labels["app.kubernetes.io/name"]` for a key that is not a plain name (quoted and escaped as
 * `valueText` does, so a key holding control characters or a megabyte of text is never echoed raw).
 * A symbol (zod paths may hold one) is written in brackets.
 */
export function formatFieldPath(segments: readonly (PathSegment | symbol)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (typeof s === 'string' && s.length <= KEY_MAX && PLAIN_NAME.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${valueText(s, KEY_MAX)}]`;
  }
  return out;
}
