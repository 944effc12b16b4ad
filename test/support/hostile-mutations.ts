import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { arbitraryEstate } from './arbitrary-estate.js';
import { GOLDEN_DIR } from './golden.js';

/**
 * Mutations of valid estates, as an attacker (or a tired engineer) would write them: fields
 * deleted, documents duplicated and shuffled, values of the wrong type, and strings from a
 * hostile alphabet. Used by the fuzz tests of the compile path and of the CLI.
 */

/** Must never appear in any output or message: it is only ever placed in a URL's credentials, query or fragment. */
export const SECRET = 'S3CR3T-fuzz-marker';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Doc = Record<string, Json>;

/** Code points that break naive string handling: controls, separators, NUL, astral, combining marks. */
const HOSTILE_UNITS = [
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u200b',
  '😀',
  '\u{10FFFF}',
  'e\u0301', // NFD é
  '\u00e9', // NFC é
  'a',
  '-',
  '.',
  '*',
  '/',
  ':',
  '@',
  '"',
  "'",
  '\\',
  '#',
  '&',
  '{',
  '[',
  '%',
  '$',
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'x\ndelete',
    'delete_x\n',
    '__proto__',
    'constructor',
    'prototype',
    '*',
    '<<',
    '~',
    'null',
    'true',
    '0x10',
    '1e3',
    '-1',
    '${HOME}',
    '{{ .Values }}',
    '169.254.169.254',
    'http://169.254.169.254/latest/meta-data',
    'http://2852039166/',
    'http://[::1]:15000/',
    'http://localhost:15000/config_dump',
    'http://127.1/',
    'javascript:alert(1)',
    'gateway.networking.k8s.io/gateway-name',
    'a'.repeat(300),
    'b'.repeat(70_000),
    '\u001b[31merror:\u001b[0m fake',
    'line\nerror: injected',
  ),
  fc.array(fc.constantFrom(...HOSTILE_UNITS), { minLength: 1, maxLength: 12 }).map((us) => us.join('')),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  hostileString,
  // JSON.parse gives an own `__proto__` key, which an object literal would turn into a prototype.
  fc.constantFrom<Json>(null, true, false, 0, -1, 65536, 1.5, 1e300, [], {}, [null], { '': '' }, JSON.parse('{"__proto__":"x"}') as Json),
  fc.integer(),
);

/** URLs whose credentials, query or fragment carry SECRET, in the forms people write them. */
const secretUrl: fc.Arbitrary<string> = fc.constantFrom(
  `https://user:${SECRET}@mcp.example.com/mcp`,
  `https://${SECRET}@mcp.example.com/mcp`,
  `https://mcp.example.com/mcp?token=${SECRET}`,
  `https://mcp.example.com/mcp#${SECRET}`,
  `http://user:${SECRET}@presidio.guards:8000`,
  `mcp.example.com:${SECRET}@evil.example.com/mcp`,
  `user:${SECRET}@mcp.example.com`,
  `HTTPS://u:${SECRET}@mcp.example.com:8443/mcp?x=1#y`,
  `https://u:${SECRET}@169.254.169.254/`,
  `http://otel:${SECRET}@otel.observability:4318`,
);

export type Mutation =
  | { readonly type: 'delete'; readonly doc: number; readonly path: readonly number[] }
  | { readonly type: 'duplicate'; readonly doc: number; readonly path: readonly number[] }
  | { readonly type: 'retype'; readonly doc: number; readonly path: readonly number[]; readonly value: Json }
  | { readonly type: 'inject'; readonly doc: number; readonly path: readonly number[]; readonly value: string }
  | { readonly type: 'renameKey'; readonly doc: number; readonly path: readonly number[]; readonly key: string }
  | { readonly type: 'secretUrl'; readonly at: number; readonly value: string }
  | { readonly type: 'shuffle'; readonly seed: number }
  | { readonly type: 'duplicateDoc'; readonly doc: number };

const path = fc.array(fc.nat(), { minLength: 1, maxLength: 6 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ type: fc.constant('delete' as const), doc: fc.nat(), path }),
  fc.record({ type: fc.constant('duplicate' as const), doc: fc.nat(), path }),
  fc.record({ type: fc.constant('retype' as const), doc: fc.nat(), path, value: hostileValue }),
  fc.record({ type: fc.constant('inject' as const), doc: fc.nat(), path, value: hostileString }),
  fc.record({ type: fc.constant('renameKey' as const), doc: fc.nat(), path, key: hostileString }),
  fc.record({ type: fc.constant('secretUrl' as const), at: fc.nat(), value: secretUrl }),
  fc.record({ type: fc.constant('shuffle' as const), seed: fc.nat() }),
  fc.record({ type: fc.constant('duplicateDoc' as const), doc: fc.nat() }),
);

/** The worked example: every kind, OTEL env, a guard and its provider, a filter. */
function workedExample(): Doc[] {
  const text = readFileSync(`${GOLDEN_DIR}worked-example/input/estate.yaml`, 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS() as Doc);
}

/** Valid estates to start from: random ones, and the worked example. */
export const validEstateDocs: fc.Arbitrary<Doc[]> = fc.oneof(
  arbitraryEstate.map((e) => e.docs as Doc[]),
  fc.constant(null).map(() => workedExample()),
);

/** A container and one of its keys (or indexes), found by walking `path` from the document. */
function locate(root: Json, steps: readonly number[]): { parent: Doc | Json[]; key: string | number } | undefined {
  let parent: Doc | Json[] | undefined;
  let key: string | number | undefined;
  let node: Json = root;
  for (const step of steps) {
    if (Array.isArray(node)) {
      if (node.length === 0) break;
      parent = node;
      key = step % node.length;
    } else if (node !== null && typeof node === 'object') {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      parent = node;
      key = keys[step % keys.length]!;
    } else break;
    node = (parent as Record<string | number, Json>)[key]!;
  }
  return parent && key !== undefined ? { parent, key } : undefined;
}

/** Every place a URL goes: `url`, `baseUrl` and `uri` fields, and the OTLP endpoint variables. */
function urlSlots(docs: readonly Json[]): { parent: Doc; key: string }[] {
  const out: { parent: Doc; key: string }[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (/^(url|baseUrl|uri)$/.test(k) && typeof v === 'string') out.push({ parent: node, key: k });
      if (k === 'value' && typeof node.name === 'string' && /^OTEL_EXPORTER_OTLP_(\w+_)?ENDPOINT$/.test(node.name)) {
        out.push({ parent: node, key: k });
      }
      walk(v);
    }
  };
  docs.forEach(walk);
  return out;
}

/** Applies the mutations to a deep copy of `docs`; a mutation that finds nothing to change is a no-op. */
export function mutate(docs: readonly Doc[], mutations: readonly Mutation[]): Json[] {
  // structuredClone keeps an own `__proto__` key as data.
  let out: Json[] = structuredClone(docs) as Json[];
  for (const m of mutations) {
    if (m.type === 'shuffle') {
      let seed = m.seed;
      out = out
        .map((d, i) => ({ d, k: (seed = (seed * 1103515245 + 12345 + i) % 2147483648) }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.d);
      continue;
    }
    if (m.type === 'duplicateDoc') {
      if (out.length > 0) out.push(structuredClone(out[m.doc % out.length]!));
      continue;
    }
    if (m.type === 'secretUrl') {
      const slots = urlSlots(out);
      const slot = slots[m.at % Math.max(slots.length, 1)];
      if (slot) slot.parent[slot.key] = m.value;
      continue;
    }
    if (out.length === 0) continue;
    const at = locate(out[m.doc % out.length]!, m.path);
    if (!at) continue;
    const { parent, key } = at;
    const container = parent as Record<string | number, Json>;
    switch (m.type) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else Reflect.deleteProperty(container, key);
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]!));
        else container[`${String(key)}${String(key)}`] = structuredClone(container[key]!);
        break;
      case 'retype':
        container[key] = m.value;
        break;
      case 'inject':
        container[key] = m.value;
        break;
      case 'renameKey':
        if (!Array.isArray(parent)) {
          const value = container[key]!;
          Reflect.deleteProperty(container, key);
          Object.defineProperty(parent, m.key, { value, enumerable: true, configurable: true, writable: true });
        }
        break;
    }
  }
  return out;
}
