import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { z } from 'zod';
import { INTENT_API_VERSION, type IntentKind } from '../src/contracts/api-group.js';
import { INTENT_KIND_SCHEMAS } from '../src/intent/parse-intent.js';
import { isUrlField } from '../src/intent/url-field-schema.js';
import { runCli, runMain } from './support/cli.js';

/**
 * The sentinel test: every URL field of every intent kind, found by walking the zod schemas (so a
 * new URL field cannot be missed), gets a secret in its userinfo, query or fragment; the build must
 * refuse it and the secret must appear nowhere: not on stdout, not on stderr, not in a written file.
 */

type Path = readonly (string | number)[];

interface Leaf {
  readonly path: Path;
  readonly url: boolean;
  readonly string: boolean;
}

/** Every leaf of a schema with its path (object keys; 0 for array items), walking zod's definitions. */
function leaves(schema: z.ZodType, path: Path = [], seen = new Set<unknown>()): Leaf[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const inner = (key: string) => leaves(def[key] as z.ZodType, path, seen);
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) => leaves(v, [...path, k], seen));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return isUrlField(schema) ? [{ path, url: true, string: true }] : inner('innerType');
    case 'pipe':
      return [...inner('in'), ...inner('out')];
    case 'array':
      return leaves(def.element as z.ZodType, [...path, 0], seen);
    case 'record':
      return leaves(def.valueType as z.ZodType, [...path, '*'], seen);
    case 'union':
      return (def.options as z.ZodType[]).flatMap((o) => leaves(o, path, seen));
    default:
      return [{ path, url: isUrlField(schema), string: def.type === 'string' }];
  }
}

const urlFields = (Object.entries(INTENT_KIND_SCHEMAS) as [IntentKind, { schema: z.ZodType }][]).flatMap(([kind, { schema }]) =>
  leaves(schema)
    .filter((l) => l.url)
    .map((l) => ({ kind, path: ['spec', ...l.path] })),
);

/** A valid spec per kind, for the field under test to be set into. */
const BASE: Record<IntentKind, Record<string, unknown>> = {
  ToolGateway: {
    authentication: { jwt: { issuer: 'https://idp.example.com', audiences: ['a'], jwks: { uri: 'https://idp.example.com/jwks' } } },
  },
  ToolRoute: { upstream: { external: { url: 'https://mcp.example.com/mcp' } } },
  ToolServer: { image: 'ghcr.io/example/s:1', egress: [{ url: 'https://api.example.com/' }] },
  Guard: { mode: ['pre_call'], providerRef: { name: 'p' } },
  GuardrailProvider: { type: 'presidio-api', presidio: { baseUrl: 'http://presidio.guards:8000' } },
  ToolSet: { toolGatewayRef: { name: 'g' }, routes: [{ name: 'r' }] },
};

function setAt(target: Record<string, unknown>, path: Path, value: unknown): void {
  let node: Record<string | number, unknown> = target;
  for (const [i, key] of path.slice(0, -1).entries()) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function documentWith(kind: IntentKind, path: Path, value: string): Record<string, unknown> {
  const doc = {
    apiVersion: INTENT_API_VERSION,
    kind,
    metadata: { name: 'subject', namespace: 'team-a' },
    spec: structuredClone(BASE[kind]),
  };
  setAt(doc, path, value);
  return doc;
}

const SECRET = 'S3NT1NEL';
/** Where in a URL the secret goes: userinfo, query, fragment, a scheme-less URL, and a URL broken otherwise too. */
const VARIANTS = [
  `https://user-${SECRET}:pw-${SECRET}@mcp.example.com/mcp`,
  `https://${SECRET}@mcp.example.com/mcp`,
  `https://mcp.example.com/mcp?token=${SECRET}`,
  `https://mcp.example.com/mcp#${SECRET}`,
  `user:${SECRET}@mcp.example.com/mcp`,
  `https://u:${SECRET}@mcp.example.com:99999/mcp?x=${SECRET}`,
  `https://mcp.example.com/mcp?q=a@${SECRET}`,
];
/** The OTLP endpoint variables, which are env values rather than schema fields. */
const OTEL_VARS = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
  'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT',
];

const work = mkdtempSync(join(tmpdir(), 'tool-gateway-sentinel-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file below `dir`, with its text. */
function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
}

let cases = 0;
function caseDir(docs: readonly unknown[]): { input: string; out: string } {
  const dir = join(work, `case-${cases++}`);
  mkdirSync(join(dir, 'input'), { recursive: true });
  const gateway = {
    apiVersion: INTENT_API_VERSION,
    kind: 'ToolGateway',
    metadata: { name: 'shared', namespace: 'tool-gateway' },
    spec: {},
  };
  writeFileSync(join(dir, 'input', 'estate.yaml'), [gateway, ...docs].map((d) => stringify(d)).join('---\n'));
  return { input: join(dir, 'input'), out: join(dir, 'out') };
}

function expectNoSecret(run: { code: number | null; stdout: string; stderr: string }, out: string): void {
  expect(run.code).toBe(1);
  expect(run.stderr).not.toBe('');
  expect(run.stdout).not.toContain(SECRET);
  expect(run.stderr).not.toContain(SECRET);
  for (const text of filesBelow(out)) expect(text).not.toContain(SECRET);
}

describe('no URL field ever echoes a secret |', () => {
  it('finds the URL fields in the intent schemas', () => {
    expect(urlFields.map((f) => `${f.kind} ${f.path.join('.')}`)).toEqual(
      expect.arrayContaining([
        'ToolRoute spec.upstream.external.url',
        'ToolServer spec.egress.0.url',
        'GuardrailProvider spec.presidio.baseUrl',
        'GuardrailProvider spec.openaiModeration.baseUrl',
        'ToolGateway spec.authentication.jwt.jwks.uri',
        'ToolGateway spec.authentication.jwt.issuer',
      ]),
    );
  });

  it('every string field named like a URL is a URL field, so a new one cannot skip the checks', () => {
    const named = (Object.entries(INTENT_KIND_SCHEMAS) as [IntentKind, { schema: z.ZodType }][]).flatMap(([kind, { schema }]) =>
      leaves(schema)
        .filter((l) => l.string && /(url|uri|endpoint|issuer|href|address)$/i.test(String(l.path[l.path.length - 1])))
        .map((l) => ({ kind, path: l.path.join('.'), url: l.url })),
    );
    expect(named.length).toBeGreaterThanOrEqual(6);
    expect(named.filter((n) => !n.url)).toStrictEqual([]);
  });

  it.each(urlFields.flatMap((f) => VARIANTS.map((v) => [`${f.kind} ${f.path.join('.')}`, v, f] as const)))(
    '%s = %s: refused, the secret nowhere in the output',
    async (_name, value, field) => {
      const { input, out } = caseDir([documentWith(field.kind, field.path, value)]);
      expectNoSecret(await runMain(['synth', '--input', input, '--out', out]), out);
    },
  );

  it.each(OTEL_VARS.flatMap((name) => VARIANTS.map((v) => [name, v] as const)))(
    'ToolGateway env %s = %s: refused, the secret nowhere',
    async (name, value) => {
      const gw = {
        apiVersion: INTENT_API_VERSION,
        kind: 'ToolGateway',
        metadata: { name: 'tg', namespace: 'tool-gateway' },
        spec: { env: [{ name, value }] },
      };
      const { input, out } = caseDir([gw]);
      expectNoSecret(await runMain(['synth', '--input', input, '--out', out]), out);
    },
  );

  it('a GuardrailProvider that no guard uses is checked too (its status carrier would copy the URL)', async () => {
    const { input, out } = caseDir([documentWith('GuardrailProvider', ['spec', 'openaiModeration', 'baseUrl'], VARIANTS[0]!)]);
    const run = await runMain(['synth', '--input', input, '--out', out]);
    expectNoSecret(run, out);
    expect(run.stderr).toContain('spec.openaiModeration.baseUrl: "https://***@mcp.example.com/mcp" carries credentials in the URL');
  });

  it('through the real CLI binary: every URL field at once, with every variant', () => {
    const docs = urlFields.flatMap((f, i) =>
      VARIANTS.map((v, j) => ({ ...documentWith(f.kind, f.path, v), metadata: { name: `s-${i}-${j}`, namespace: 'team-a' } })),
    );
    const { input, out } = caseDir(docs);
    const run = runCli(['synth', '--input', input, '--out', out]);
    expectNoSecret(run, out);
    expect(run.stderr.trim().split('\n').length).toBeGreaterThanOrEqual(docs.length);
  });
});
