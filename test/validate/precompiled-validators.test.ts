import type { ErrorObject } from 'ajv';
import { transformSync } from 'esbuild';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { minifyValidator } from '../../scripts/build.mjs';
import { packageFile } from '../../src/contracts/package-files.js';
import {
  chunkDigest,
  PRECOMPILED_VALIDATORS_DIR,
  precompiledFileName,
  PrecompiledValidators,
  shippedValidators,
} from '../../src/validate/precompiled-validators.js';
import { allChunks, chunkSchema, runChunk, type SchemaChunk } from '../../src/validate/schema-chunks.js';
import { DEFAULT_SCHEMA_DIR, loadKindSchemas, loadSchemaRegistry, type KindSchema } from '../../src/validate/schema-registry.js';
import { prepareKindSchema } from '../../src/validate/structural-schema.js';
import { checkObjectStructure } from '../../src/validate/structural-validator.js';
import { generateValidatorModules } from '../../src/validate/validator-codegen.js';
import { mutatedManifest } from '../support/mutated-manifests.js';
import * as fx from '../support/valid-manifests.js';

const kinds = loadKindSchemas();
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'precompiled-validators-'));
  scratch.push(dir);
  return dir;
}

function kindOf(apiVersion: string, kind: string): KindSchema {
  const found = kinds.find((k) => k.apiVersion === apiVersion && k.kind === kind);
  if (!found) throw new Error(`no schema for ${apiVersion} ${kind}`);
  return found;
}

/** A kind's chunk tree whose validators come from `source`, or are all compiled by ajv at run time. */
function chunkTree(kind: KindSchema, source: PrecompiledValidators | undefined): SchemaChunk {
  return chunkSchema(prepareKindSchema(kind), kind.kind, source);
}

function errorsOf(root: SchemaChunk, data: unknown): ErrorObject[] {
  const out: ErrorObject[] = [];
  runChunk(root, data, '', out);
  return out;
}

/** True for a validator ajv compiled in this process: those carry their compiled schema's environment. */
function compiledAtRunTime(c: SchemaChunk): boolean {
  return c.validate !== undefined && 'schemaEnv' in c.validate;
}

describe('precompiled schema validators |', () => {
  test('the build wrote a validator for every chunk of every kind in imports/schemas', () => {
    const missing = kinds.flatMap((kind) =>
      allChunks(chunkTree(kind, undefined))
        .filter((c) => shippedValidators().validator(c.schema) === undefined)
        .map((c) => `${kind.apiVersion} ${kind.kind} ${c.id}`),
    );
    expect(missing).toEqual([]);
  });

  test('the build output is what the generator writes now, byte for byte, and the generator repeats itself', () => {
    const minify = (code: string): string => minifyValidator(transformSync, code);
    const generated = generateValidatorModules(undefined, minify);
    expect(generateValidatorModules(undefined, minify)).toEqual(generated);
    const dir = packageFile(PRECOMPILED_VALIDATORS_DIR);
    // Beside them, the code caches the build's warm-up synth wrote (see below).
    const onDisk = new Map(
      readdirSync(dir)
        .filter((name) => name.endsWith('.cjs'))
        .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
    );
    expect([...onDisk.keys()].sort()).toEqual([...generated.keys()].sort());
    for (const [name, code] of generated) expect(onDisk.get(name), name).toBe(code);
  });

  // Both trees are built once: compiling every chunk a run reaches with ajv takes a while.
  const trees = new Map<KindSchema, { precompiled: SchemaChunk; compiled: SchemaChunk }>();
  const treesOf = (kind: KindSchema): { precompiled: SchemaChunk; compiled: SchemaChunk } => {
    let t = trees.get(kind);
    if (!t) {
      t = { precompiled: chunkTree(kind, shippedValidators()), compiled: chunkTree(kind, undefined) };
      trees.set(kind, t);
    }
    return t;
  };

  test('give the same verdicts and errors as validators compiled at run time, over mutated objects of every emitted kind', () => {
    const kindsSeen = new Set<string>();
    let failing = 0;
    fc.assert(
      fc.property(mutatedManifest, (m) => {
        const { precompiled, compiled } = treesOf(kindOf(m.apiVersion, m.kind));
        kindsSeen.add(m.kind);
        const expected = errorsOf(compiled, m);
        if (expected.length > 0) failing++;
        expect(errorsOf(precompiled, m)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
    // The comparison covered every kind, valid and invalid objects, and ran precompiled code.
    expect([...kindsSeen].sort()).toEqual([...new Set(fx.validObjects().map((m) => m.kind))].sort());
    expect(failing).toBeGreaterThan(100);
    for (const { precompiled, compiled } of trees.values()) {
      const ran = allChunks(precompiled).filter((c) => c.validate);
      expect(ran.length).toBeGreaterThan(0);
      expect(ran.filter(compiledAtRunTime).map((c) => c.id)).toEqual([]);
      expect(allChunks(compiled).filter((c) => c.validate && !compiledAtRunTime(c))).toEqual([]);
    }
  });

  test('a chunk whose schema changed after the build is compiled at run time, with its new constraints', () => {
    const dir = tempDir();
    cpSync(DEFAULT_SCHEMA_DIR, dir, { recursive: true });
    const file = join(dir, 'gateway.networking.k8s.io.json');
    const text = readFileSync(file, 'utf8');
    const changed = text.replace(/"maxItems":16,/g, '"maxItems":1,');
    expect(changed).not.toBe(text);
    writeFileSync(file, changed);
    const route = fx.httpRoute() as { spec: { hostnames?: string[] } } & ReturnType<typeof fx.httpRoute>;
    route.spec.hostnames = ['a.example.com', 'b.example.com'];
    const problems = checkObjectStructure({ manifest: route }, loadSchemaRegistry(dir)).problems;
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual(['spec.hostnames: list has 2 items; at most 1 allowed']);
    expect(checkObjectStructure({ manifest: route }).problems).toEqual([]);
  });

  test('a missing folder, a missing file or a file that does not load means compiling at run time', () => {
    const kind = kindOf('gateway.networking.k8s.io/v1', 'HTTPRoute');
    const bad = fx.httpRoute() as ReturnType<typeof fx.httpRoute> & { spec: { bogus?: number } };
    bad.spec.bogus = 1;
    const expected = errorsOf(chunkTree(kind, undefined), bad);
    expect(expected.length).toBeGreaterThan(0);

    const broken = tempDir();
    for (const c of allChunks(chunkTree(kind, undefined))) {
      writeFileSync(join(broken, precompiledFileName(chunkDigest(c.schema))), 'module.exports = function (', 'utf8');
    }
    for (const source of [
      new PrecompiledValidators(join(tempDir(), 'absent')),
      new PrecompiledValidators(tempDir()),
      new PrecompiledValidators(broken),
    ]) {
      const tree = chunkTree(kind, source);
      expect(errorsOf(tree, bad)).toEqual(expected);
      expect(allChunks(tree).filter((c) => c.validate && !compiledAtRunTime(c))).toEqual([]);
    }
  });

  test('a validator loads with the code cache beside it once one is written, and gives the same errors; a bad cache is replaced', () => {
    const kind = kindOf('gateway.networking.k8s.io/v1', 'HTTPRoute');
    const bad = fx.httpRoute() as ReturnType<typeof fx.httpRoute> & { spec: { bogus?: number; hostnames?: unknown } };
    bad.spec.bogus = 1;
    bad.spec.hostnames = ['not a hostname!'];
    const expected = errorsOf(chunkTree(kind, undefined), bad);
    expect(expected.length).toBeGreaterThan(1);
    const dir = tempDir();
    const shipped = packageFile(PRECOMPILED_VALIDATORS_DIR);
    for (const name of readdirSync(shipped).filter((n) => n.endsWith('.cjs'))) cpSync(join(shipped, name), join(dir, name));
    const cacheFiles = (): string[] => readdirSync(dir).filter((n) => n.endsWith('.cache'));
    // Each run is a process of its own: V8 keeps the scripts a process compiled, and compiling the
    // same source again there takes them without looking at a cache.
    const run = (write: boolean): { errors: ErrorObject[]; use: { loaded: number; cached: number } } => {
      const lib = (path: string): string => JSON.stringify(pathToFileURL(packageFile(`lib/src/validate/${path}`)).href);
      const script = `
        const { PrecompiledValidators } = await import(${lib('precompiled-validators.js')});
        const { chunkSchema, runChunk } = await import(${lib('schema-chunks.js')});
        const { loadKindSchemas } = await import(${lib('schema-registry.js')});
        const { prepareKindSchema } = await import(${lib('structural-schema.js')});
        const kind = loadKindSchemas().find((k) => k.apiVersion === ${JSON.stringify(kind.apiVersion)} && k.kind === ${JSON.stringify(kind.kind)});
        const validators = new PrecompiledValidators(${JSON.stringify(dir)});
        const errors = [];
        runChunk(chunkSchema(prepareKindSchema(kind), kind.kind, validators), ${JSON.stringify(bad)}, '', errors);
        if (${write}) validators.writeCodeCaches();
        console.log(JSON.stringify({ errors, use: validators.codeCacheUse() }));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout) as { errors: ErrorObject[]; use: { loaded: number; cached: number } };
    };

    const first = run(true);
    expect(first.errors).toEqual(JSON.parse(JSON.stringify(expected)));
    const { loaded } = first.use;
    expect(loaded).toBeGreaterThan(1);
    expect(first.use.cached).toBe(0);
    expect(cacheFiles()).toHaveLength(loaded);

    const unchanged = new Map(cacheFiles().map((n) => [n, readFileSync(join(dir, n))]));
    expect(run(true)).toEqual({ errors: first.errors, use: { loaded, cached: loaded } });
    for (const [n, bytes] of unchanged) expect(readFileSync(join(dir, n)).equals(bytes), n).toBe(true);

    // A cache V8 refuses (another Node's, or damaged) costs the compile it would have saved, and
    // the next write replaces it.
    const damaged = cacheFiles()[0] as string;
    writeFileSync(join(dir, damaged), 'not a code cache');
    expect(run(false)).toEqual({ errors: first.errors, use: { loaded, cached: loaded - 1 } });
    expect(run(true).use).toEqual({ loaded, cached: loaded - 1 });
    expect(run(false)).toEqual({ errors: first.errors, use: { loaded, cached: loaded } });
  });

  test('a chunk is named by its schema and the ajv setup: any change to the schema changes the name', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(chunkDigest(a) === chunkDigest(b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
    );
  });
});
