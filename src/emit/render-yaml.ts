import { canonicalize, compareKeys } from './canonical-json.js';
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

/** The manifest written without the document model, or undefined when it holds a scalar that needs it. */
export function renderDirect(manifest: Manifest): string | undefined {
  const canonical = canonicalize(manifest) as unknown as Record<string, unknown>;
  const out: string[] = [];
  return writeMap(canonical, '', true, out) ? out.join('') : undefined;
}

/** Strings the library writes as they are: a letter, then characters no YAML reader treats specially. */
const PLAIN = /^[A-Za-z][A-Za-z0-9._/:@+=-]*$/;

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

const valueTexts = new Map<string, string | null>();
const keyTexts = new Map<string, string | null>();

/** At most this many distinct strings are remembered, so a huge estate cannot grow the caches without bound. */
const CACHE_LIMIT = 200_000;

/** A string as the library writes it, or null when that takes the whole-document path. */
function stringText(value: string, asKey: boolean): string | null {
  if (PLAIN.test(value) && !value.endsWith(':') && !NOT_STRINGS.has(value) && !EXPONENT.test(value)) return value;
  // A document marker at the start of a line depends on the indentation; a long key becomes explicit.
  if (value.startsWith('---') || value.startsWith('...') || value.length > 1000) return null;
  const cache = asKey ? keyTexts : valueTexts;
  let text = cache.get(value);
  if (text === undefined) {
    text = value.includes('\n') ? null : (renderScalar(value, asKey) ?? null);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(value, text);
  }
  return text;
}

function scalarText(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return stringText(value, false);
    case 'number':
      return Number.isSafeInteger(value) ? String(value) : (renderScalar(value, false) ?? null);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return value === null ? 'null' : null;
  }
}

/** `{}` or `[]` for an empty collection, otherwise undefined. */
function emptyText(value: object): string | undefined {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
  for (const _ in value) return undefined;
  return '{}';
}

/**
 * Appends a non-empty block map; its first line goes on the current line (after a `- `), every
 * further line starts with `indent`. Returns false when something in it needs the library.
 */
function writeMap(map: Record<string, unknown>, indent: string, topLevel: boolean, out: string[]): boolean {
  // canonicalize sorted the keys already, but integer-like keys always iterate first.
  const keys = Object.keys(map).sort((a, b) => compareKeys(a, b, topLevel));
  if (keys.length === 0) {
    out.push('{}\n');
    return true;
  }
  let first = true;
  for (const key of keys) {
    const keyText = stringText(key, true);
    if (keyText === null) return false;
    if (!first) out.push(indent);
    first = false;
    const value = map[key];
    if (typeof value === 'string' && value.includes('\n')) {
      const block = literalBlock(value, `${indent}  `);
      if (block === undefined) return false;
      out.push(keyText, ': ', block);
      continue;
    }
    if (typeof value !== 'object' || value === null) {
      const text = scalarText(value);
      if (text === null) return false;
      out.push(keyText, ': ', text, '\n');
      continue;
    }
    const empty = emptyText(value);
    if (empty !== undefined) {
      out.push(keyText, ': ', empty, '\n');
      continue;
    }
    out.push(keyText, ':\n');
    const inner = `${indent}  `;
    out.push(inner);
    const ok = Array.isArray(value) ? writeSeq(value, inner, out) : writeMap(value as Record<string, unknown>, inner, false, out);
    if (!ok) return false;
  }
  return true;
}

/** Appends a non-empty block sequence, its first line on the current line, like writeMap. */
function writeSeq(seq: readonly unknown[], indent: string, out: string[]): boolean {
  let first = true;
  for (const item of seq) {
    if (!first) out.push(indent);
    first = false;
    out.push('- ');
    if (typeof item !== 'object' || item === null) {
      const text = scalarText(item);
      if (text === null) return false;
      out.push(text, '\n');
      continue;
    }
    const empty = emptyText(item);
    if (empty !== undefined) {
      out.push(empty, '\n');
      continue;
    }
    const inner = `${indent}  `;
    const ok = Array.isArray(item) ? writeSeq(item, inner, out) : writeMap(item as Record<string, unknown>, inner, false, out);
    if (!ok) return false;
  }
  return true;
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
