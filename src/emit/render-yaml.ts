import { compareKeys } from './canonical-json.js';
import { compareStrings } from '../contracts/json.js';
import type { Manifest } from '../contracts/manifest.js';
import { NEEDS_ESCAPE, renderDocument, renderScalar } from './yaml-document.js';

/**
 * Renders manifests as a YAML stream, documents joined with `---\n`. Output is canonical: keys in
 * `compareKeys` order, no anchors, no folding, and every string that YAML 1.1 (Kubernetes), YAML
 * 1.2 or go-yaml's number parser would read as something else is quoted, so parsing the output
 * gives back exactly `canonicalize(manifest)` for each document.
 *
 * The bytes are those of `renderDocument` (the `yaml` library's document model). Building that
 * model costs several times more than the text itself, so block maps and sequences are written
 * here directly, and the library is asked only how to write each distinct string, once.
 * Multi-line map values in their common shape are written as literal blocks here too. A manifest
 * holding any other scalar that takes more than one line, or one that depends on its position
 * (a document marker), is handed to the library whole.
 */
export function renderYaml(manifests: readonly Manifest[]): string {
  return manifests.map(renderOne).join('---\n');
}

function renderOne(manifest: Manifest): string {
  return renderDirect(manifest) ?? renderDocument(manifest);
}

/**
 * The manifest written without the document model, or undefined when it holds a scalar that needs
 * it, or anything that is not plain JSON (which `renderDocument` then rejects through
 * `canonicalize`, with the path of the culprit). The manifest is read in place rather than copied
 * into canonical form first: keys are visited in `compareKeys` order, `undefined` map values are
 * left out and `-0` is written as `0`, which is what the copy would hold.
 */
export function renderDirect(manifest: Manifest): string | undefined {
  // Typed, but a JavaScript caller may pass anything; canonicalize then says what is wrong.
  const value: unknown = manifest;
  if (typeof value !== 'object' || value === null || !isPlainObject(value)) return undefined;
  const out = { text: '' };
  return writeMap(value as Record<string, unknown>, 0, out) ? out.text : undefined;
}

/**
 * Deeper than this, the writer hands the manifest to `canonicalize`, which tells a cycle (an
 * error naming its path) from a deep but finite structure; no manifest we emit comes close.
 */
const MAX_DEPTH = 200;

// A lone surrogate cannot be encoded as UTF-8; `canonicalize` refuses it with its path.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function isPlainObject(value: object): boolean {
  if (Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  // Symbol-keyed properties are not JSON: `canonicalize` refuses them.
  return (proto === Object.prototype || proto === null) && Object.getOwnPropertySymbols(value).length === 0;
}

/** The text written so far. */
interface Out {
  text: string;
}

const INDENTS: string[] = [''];

/** Two spaces per level, each string made once. */
function indentOf(depth: number): string {
  for (let d = INDENTS.length; d <= depth; d++) INDENTS.push(`${INDENTS[d - 1] as string}  `);
  return INDENTS[depth] as string;
}

/**
 * Strings the library writes as they are: a letter or a slash (URL paths, a thousand distinct
 * ones at 1,000 routes), then characters no YAML reader treats specially.
 */
const PLAIN = /^[A-Za-z/][A-Za-z0-9._/:@+=-]*$/;

/**
 * Plain words that YAML 1.1 or 1.2 read as booleans or null; a string spelled so is quoted. The
 * other plain scalars that are not strings (numbers, timestamps, `.inf`, `<<`) do not start with
 * a letter, except floats without digits before the exponent (`e5`, `E-3`), which YAML 1.1 allows.
 */
const NOT_STRINGS = new Set(
  ['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null'].flatMap((w) => [
    w,
    w.toUpperCase(),
    `${w.charAt(0).toUpperCase()}${w.slice(1)}`,
  ]),
);

const EXPONENT = /^[eE][-+0-9]/;

/**
 * How the library writes the strings it was asked about, as values and as keys. Only strings
 * outside `PLAIN` get here: 53 distinct ones at 1,000 routes (counts, quantities, tool filters,
 * CEL rules, CRD column paths), each written hundreds of times. A cache is emptied when it
 * holds `CACHE_LIMIT` strings or `CACHE_CHARS` characters, so an estate of distinct strings
 * (up to 1,000 characters each) holds a few MiB here, not hundreds.
 */
const valueTexts = { texts: new Map<string, string | null>(), chars: 0 };
const keyTexts = { texts: new Map<string, string | null>(), chars: 0 };

const CACHE_LIMIT = 10_000;
const CACHE_CHARS = 1_000_000;

/** A string as the library writes it, or null when that takes the whole-document path. */
function stringText(value: string, asKey: boolean): string | null {
  if (PLAIN.test(value) && !value.endsWith(':') && !NOT_STRINGS.has(value) && !EXPONENT.test(value)) return value;
  // A document marker at the start of a line depends on the indentation; a long key becomes explicit.
  if (value.startsWith('---') || value.startsWith('...') || value.length > 1000) return null;
  const cache = asKey ? keyTexts : valueTexts;
  let text = cache.texts.get(value);
  if (text === undefined) {
    text = value.includes('\n') || LONE_SURROGATE.test(value) ? null : (renderScalar(value, asKey) ?? null);
    if (cache.texts.size >= CACHE_LIMIT || cache.chars >= CACHE_CHARS) {
      cache.texts.clear();
      cache.chars = 0;
    }
    cache.texts.set(value, text);
    cache.chars += value.length + (text?.length ?? 0);
  }
  return text;
}

function scalarText(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return stringText(value, false);
    case 'number':
      // -0 is written as 0, as String() does; NaN and the infinities are not JSON.
      if (Number.isSafeInteger(value)) return String(value);
      return Number.isFinite(value) ? (renderScalar(value, false) ?? null) : null;
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return value === null ? 'null' : null;
  }
}

/**
 * Appends a block map; its first line goes on the current line (after a `- `), every further
 * line starts with the indentation of `depth`. Returns false when something in it needs the
 * library or is not plain JSON.
 */
function writeMap(map: Record<string, unknown>, depth: number, out: Out): boolean {
  if (depth > MAX_DEPTH) return false;
  const keys = Object.keys(map);
  // A map whose values are all undefined is written as an empty one, as its canonical copy is.
  let defined = 0;
  for (const key of keys) if (map[key] !== undefined) defined++;
  if (defined === 0) {
    out.text += '{}\n';
    return true;
  }
  keys.sort(depth === 0 ? compareTopLevelKeys : compareStrings);
  const indent = indentOf(depth);
  const inner = indentOf(depth + 1);
  let first = true;
  for (const key of keys) {
    const value = map[key];
    if (value === undefined) continue;
    const keyText = stringText(key, true);
    if (keyText === null) return false;
    if (!first) out.text += indent;
    first = false;
    if (typeof value !== 'object' || value === null) {
      if (typeof value === 'string' && value.includes('\n')) {
        const block = LONE_SURROGATE.test(value) ? undefined : literalBlock(value, inner);
        if (block === undefined) return false;
        out.text += `${keyText}: ${block}`;
        continue;
      }
      const text = scalarText(value);
      if (text === null) return false;
      out.text += `${keyText}: ${text}\n`;
      continue;
    }
    if (!writeNested(value, depth + 1, `${keyText}:`, out)) return false;
  }
  return true;
}

/** Appends a non-empty block sequence, its first line on the current line, like writeMap. */
function writeSeq(seq: readonly unknown[], depth: number, out: Out): boolean {
  if (depth > MAX_DEPTH || Object.getPrototypeOf(seq) !== Array.prototype) return false;
  const indent = indentOf(depth);
  for (let i = 0; i < seq.length; i++) {
    // A hole or undefined item is not JSON; `canonicalize` says which.
    if (!(i in seq)) return false;
    const item = seq[i];
    if (i > 0) out.text += indent;
    if (typeof item !== 'object' || item === null) {
      const text = scalarText(item);
      if (text === null) return false;
      out.text += `- ${text}\n`;
      continue;
    }
    if (!writeNested(item, depth + 1, '-', out)) return false;
  }
  return true;
}

/**
 * Appends a map or sequence after `lead` (a key and its colon, or a sequence dash): `{}` or `[]`
 * on the same line when empty, a block sequence item's first entry on the same line, a map
 * value's on the next line.
 */
function writeNested(value: object, depth: number, lead: string, out: Out): boolean {
  const seq = Array.isArray(value);
  if (!seq && !isPlainObject(value)) return false;
  const empty = seq ? (value.length === 0 ? '[]' : undefined) : emptyText(value as Record<string, unknown>);
  if (empty !== undefined) {
    out.text += `${lead} ${empty}\n`;
    return true;
  }
  // A sequence item's content starts after `- `, one level in; a map value's on its own line.
  out.text += lead === '-' ? '- ' : `${lead}\n${indentOf(depth)}`;
  return seq ? writeSeq(value, depth, out) : writeMap(value as Record<string, unknown>, depth, out);
}

/** `{}` for a map without a defined value, otherwise undefined. */
function emptyText(map: Record<string, unknown>): string | undefined {
  for (const key in map) if (Object.hasOwn(map, key) && map[key] !== undefined) return undefined;
  return '{}';
}

function compareTopLevelKeys(a: string, b: string): number {
  return compareKeys(a, b, true);
}

/** Lines that would need an indentation indicator (`|2`), end in whitespace or keep extra final newlines. */
const UNUSUAL_BLOCK = /^[\s]|[ \t]\n|[ \t]$|\n\n$/;

/**
 * A multi-line string as the `|` (clip: one final newline) or `|-` (strip: none) literal block the
 * library writes, content lines indented by `indent` and empty lines left empty; undefined for
 * strings the library writes otherwise (escaped, double-quoted, with an indentation indicator or
 * `|+`).
 */
function literalBlock(value: string, indent: string): string | undefined {
  if (NEEDS_ESCAPE.test(value) || UNUSUAL_BLOCK.test(value)) return undefined;
  const clip = value.endsWith('\n');
  const body = clip ? value.slice(0, -1) : value;
  return `|${clip ? '' : '-'}\n${indent}${body.replace(/\n+/g, `$&${indent}`)}\n`;
}
