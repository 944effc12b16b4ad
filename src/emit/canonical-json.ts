import { compareStrings } from '../contracts/json.js';
import { manifestLabel, type Manifest } from '../contracts/manifest.js';
import { setField } from '../contracts/set-field.js';

/** Keys that open every manifest, in this order, so a reviewer sees what the object is first. */
const LEADING_KEYS: readonly string[] = ['apiVersion', 'kind', 'metadata'];

// A lone surrogate cannot be encoded as UTF-8: writing it would silently turn it into U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * The canonical order of two map keys: UTF-16 code-unit order (locale-independent, so every
 * machine sorts the same way), except that a manifest's top level starts with
 * `apiVersion`, `kind`, `metadata`.
 */
export function compareKeys(a: string, b: string, topLevel: boolean): number {
  if (topLevel) {
    const ra = LEADING_KEYS.indexOf(a);
    const rb = LEADING_KEYS.indexOf(b);
    if (ra !== -1 || rb !== -1) {
      if (ra === -1) return 1;
      if (rb === -1) return -1;
      return ra - rb;
    }
  }
  return compareStrings(a, b);
}

/**
 * A deep copy of a manifest with map keys in canonical order (see `compareKeys`), `undefined`
 * map values dropped, `-0` written as `0`, and arrays in their original order (order in
 * Kubernetes lists can carry meaning, e.g. route rules or container args).
 *
 * Throws a TypeError naming the path of anything that is not plain JSON: functions, symbols,
 * bigints, class instances (Date, Map, ...), NaN, Infinity, cycles, sparse arrays, `undefined`
 * inside arrays and strings with lone surrogates.
 *
 * Note: JavaScript always iterates integer-like keys (`"1"`, `"10"`) first, so the returned
 * object cannot hold them in code-unit order; `renderYaml` applies `compareKeys` again when it
 * builds the YAML, which is where the order becomes bytes.
 */
export function canonicalize(manifest: Manifest): Manifest {
  const label = describeManifest(manifest);
  if (!isPlainObject(manifest)) {
    throw new TypeError(`${label}: a manifest must be a plain object, got ${describeValue(manifest)}`);
  }
  return copyObject(manifest, '', label, new Set(), true) as unknown as Manifest;
}

function copyValue(value: unknown, path: string, label: string, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) fail(label, path, 'string contains a lone UTF-16 surrogate and cannot be written as UTF-8');
      return value;
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) fail(label, path, `${value} is not a JSON number`);
      // JSON has no negative zero; normalising keeps the bytes stable whatever produced the value.
      return Object.is(value, -0) ? 0 : value;
    case 'object':
      if (value === null) return null;
      if (ancestors.has(value)) fail(label, path, 'circular reference');
      if (Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype) {
        return copyArray(value, path, label, ancestors);
      }
      if (isPlainObject(value)) return copyObject(value, path, label, ancestors, false);
      return fail(label, path, `${describeValue(value)} is not plain JSON`);
    default:
      // undefined (only reachable inside arrays), function, symbol, bigint
      return fail(label, path, `${describeValue(value)} is not a JSON value`);
  }
}

function copyArray(value: readonly unknown[], path: string, label: string, ancestors: Set<object>): unknown[] {
  ancestors.add(value);
  const out: unknown[] = [];
  for (let i = 0; i < value.length; i++) {
    const itemPath = `${path}[${i}]`;
    // Dropping or nulling an element would shift or change meaning; make the caller decide.
    if (!(i in value)) fail(label, itemPath, 'sparse array hole is not a JSON value');
    if (value[i] === undefined) fail(label, itemPath, 'undefined inside an array is not a JSON value');
    out.push(copyValue(value[i], itemPath, label, ancestors));
  }
  ancestors.delete(value);
  return out;
}

function copyObject(value: object, path: string, label: string, ancestors: Set<object>, topLevel: boolean): Record<string, unknown> {
  if (Object.getOwnPropertySymbols(value).length > 0) {
    fail(label, path, 'symbol-keyed properties are not JSON');
  }
  ancestors.add(value);
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(source).sort((a, b) => compareKeys(a, b, topLevel));
  for (const key of keys) {
    const keyPath = joinPath(path, key);
    if (LONE_SURROGATE.test(key)) fail(label, keyPath, 'key contains a lone UTF-16 surrogate and cannot be written as UTF-8');
    const child = source[key];
    if (child === undefined) continue;
    setField(out, key, copyValue(child, keyPath, label, ancestors));
  }
  ancestors.delete(value);
  return out;
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `spec.rules[0].matches`, with odd keys bracketed: `metadata.labels["app.kubernetes.io/name"]`. */
function joinPath(path: string, key: string): string {
  if (IDENTIFIER.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' && name ? `an instance of ${name}` : 'a non-plain object';
  }
  return typeof value === 'number' ? String(value) : `a ${typeof value}`;
}

/** A label for error messages; `manifest` is typed but may be anything a JavaScript caller passed. */
function describeManifest(manifest: unknown): string {
  try {
    const m = manifest as { kind?: unknown; metadata?: { name?: unknown } } | null | undefined;
    if (typeof m?.kind === 'string' && typeof m.metadata?.name === 'string') {
      return manifestLabel(manifest as Manifest);
    }
  } catch {
    // fall through: the label is only decoration for the error message
  }
  return 'manifest';
}

function fail(label: string, path: string, reason: string): never {
  throw new TypeError(`${label}: ${path || '(root)'}: ${reason}`);
}
