import { Document, Scalar, isScalar, visit, type ScalarTag, type Tags } from 'yaml';
import { stringTag } from 'yaml/util';
import { canonicalize, compareKeys } from './canonical-json.js';
import type { Manifest } from '../contracts/manifest.js';

/**
 * Characters the `yaml` library would emit raw but that Kubernetes' parser (go-yaml v2, via
 * sigs.k8s.io/yaml) rejects (C0/C1 controls, U+FEFF, U+FFFE/U+FFFF) or reads as line breaks
 * (U+0085, U+2028, U+2029). Tab and LF are fine raw; CR is included so it is always escaped.
 */
// eslint-disable-next-line no-control-regex -- control characters are what needs escaping
export const NEEDS_ESCAPE = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]/;

/**
 * Plain scalars go-yaml v2 resolves to numbers that neither the YAML 1.1 nor the 1.2 core schema
 * covers: it strips every `_` and then accepts Go literals (`0o17`, `0B11`, `0x_1F`, `1__0`).
 */
const GO_INT = /^[-+]?(?:0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|[0-9]+)$/;
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** `<<` is a merge key and `=` a value key in YAML 1.1; as plain keys they would not stay strings. */
const YAML11_SPECIAL_KEYS = new Set(['<<', '=']);

function mustQuote(value: string): boolean {
  if (YAML11_SPECIAL_KEYS.has(value)) return true;
  if (/^[-+.0-9]/.test(value)) {
    const plain = value.replace(/_/g, '');
    if (GO_INT.test(plain) || GO_FLOAT.test(plain)) return true;
  }
  return false;
}

/**
 * Double-quoted scalar that escapes everything outside the set of characters every YAML parser
 * we care about accepts raw inside quotes. The result is a single line.
 */
function escapedDoubleQuoted(value: string): string {
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (!NEEDS_ESCAPE.test(ch)) out += ch;
    else if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += `\\u${cp.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/**
 * The library's string tag, with our extra quoting rules in front. It is used for map keys as well
 * as values, so a key like `on` or `0o17` is quoted too.
 */
const kubernetesSafeString: ScalarTag = {
  ...stringTag,
  stringify(item, ctx, onComment, onChompKeep) {
    const value = String(item.value);
    if (NEEDS_ESCAPE.test(value)) return escapedDoubleQuoted(value);
    const library = stringTag.stringify as NonNullable<ScalarTag['stringify']>;
    const scalar = mustQuote(value) ? Object.assign({}, item, { type: Scalar.QUOTE_DOUBLE }) : item;
    // The callbacks tell the caller about a `|+` block or an inline comment; only report them
    // for the rendering we keep.
    const seen = { comment: false, chompKeep: false };
    const out = library(
      scalar,
      ctx,
      () => (seen.comment = true),
      () => (seen.chompKeep = true),
    );
    if (!endsALineInWhitespace(out) && !(value.includes('\n') && out.startsWith("'"))) {
      if (seen.comment) onComment?.();
      if (seen.chompKeep) onChompKeep?.();
      return out;
    }
    // Fallback: one-line double-quoted. Used when a block would end a line in whitespace, which
    // editors, pre-commit hooks and `git apply --whitespace=fix` strip (silently changing the
    // value), and instead of a multi-line single-quoted scalar, whose folding rules few people know.
    return library(Object.assign({}, item, { type: Scalar.QUOTE_DOUBLE }), ctx, onComment, onChompKeep);
  },
};

function endsALineInWhitespace(text: string): boolean {
  return /[ \t]$/m.test(text);
}

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/**
 * The YAML 1.1 tag set with our string tag, and without the merge tag: when stringifying, the merge
 * tag claims the string `<<` and writes it unquoted, which every 1.1 parser reads back as a merge key.
 */
function kubernetesTags(tags: Tags): Tags {
  return tags
    .filter((tag) => typeof tag === 'string' || tag.tag !== MERGE_TAG)
    .map((tag) => (tag === stringTag ? kubernetesSafeString : tag));
}

const DOCUMENT_OPTIONS = {
  // Kubernetes' parser resolves plain scalars YAML-1.1 style (`on`, `y`, `012`, `0x1F` are not strings).
  version: '1.1',
  // ...and other tools in the chain (kustomize, yq) use YAML 1.2: quote what either would misread.
  compat: 'core',
  customTags: kubernetesTags,
  // Anchors and aliases are legal YAML but hard to review and unsupported by some tools.
  aliasDuplicateObjects: false,
} as const;

const TO_STRING_OPTIONS = {
  // Never fold long lines: a folded line changes diffs when an unrelated value grows.
  lineWidth: 0,
  // Multi-line strings (config files in ConfigMaps) as `|` blocks, byte-for-byte readable.
  blockQuote: 'literal',
  // Strings that must be double-quoted stay on one line, JSON-like, with `\n` escapes.
  doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
} as const;

/**
 * One manifest as a YAML document, through the `yaml` library's document model: keys in
 * `compareKeys` order, no anchors, no folding, and every string that YAML 1.1 (Kubernetes),
 * YAML 1.2 or go-yaml's number parser would read as something else quoted. This is the reference
 * rendering: render-yaml.ts writes the same bytes directly and falls back to this for what it
 * does not handle itself.
 */
export function renderDocument(manifest: Manifest): string {
  const doc = new Document(canonicalize(manifest), DOCUMENT_OPTIONS);
  const root = doc.contents;
  // Re-sort here: JS objects put integer-like keys first whatever the insertion order.
  visit(doc, {
    Map(_, map) {
      const topLevel = map === root;
      map.items.sort((a, b) => compareKeys(keyText(a.key), keyText(b.key), topLevel));
    },
  });
  return doc.toString(TO_STRING_OPTIONS);
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/**
 * How the library writes one scalar as a block-map value (`asKey` false) or as an implicit map key
 * (`asKey` true), or undefined when that takes more than one line (a block scalar, an explicit `?`
 * key). For a one-line scalar the text does not depend on the indentation, since lines are never
 * folded, nor on whether the value sits in a map or a sequence.
 */
export function renderScalar(value: string | number, asKey: boolean): string | undefined {
  // A plain object: the library writes a JS Map as a YAML 1.1 `!!omap`. defineProperty keeps a
  // key named `__proto__` an ordinary key.
  const map = Object.defineProperty({}, asKey ? value : 'k', { value: asKey ? 0 : value, enumerable: true });
  const doc = new Document(map, DOCUMENT_OPTIONS);
  const text = doc.toString(TO_STRING_OPTIONS);
  const [prefix, suffix] = asKey ? ['', ': 0\n'] : ['k: ', '\n'];
  if (!text.startsWith(prefix) || !text.endsWith(suffix)) return undefined;
  const scalar = text.slice(prefix.length, text.length - suffix.length);
  return scalar.includes('\n') || scalar.startsWith('? ') ? undefined : scalar;
}
