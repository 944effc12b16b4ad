import type { ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { packageFile } from '../contracts/package-files.js';
import equal from 'ajv/dist/runtime/equal.js';
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import { ajvSetupFingerprint, sharedAjv } from './ajv-instance.js';

/** Where `npm run build` writes the precompiled validators, relative to the package root. */
export const PRECOMPILED_VALIDATORS_DIR = 'lib/validators';

/** The parameter through which a precompiled validator reads the formats that are functions. */
export const FORMATS_PARAMETER = '__formats';

/**
 * A precompiled validator module exports this factory: it takes the formats and the `require` its
 * code loads ajv's run-time helpers with, and returns the validator.
 */
export type ValidatorFactory = (formats: unknown, require: (id: string) => unknown) => ValidateFunction;

let fingerprint: string | undefined;

/**
 * The name a chunk's precompiled validator is stored under: a digest of exactly the schema it
 * checks and of the ajv setup it was generated with. A validator is found only for a schema that is
 * byte for byte the one it was generated from, so a stale file can never stand in for a changed
 * schema: that chunk is compiled at run time, as without any file.
 */
export function chunkDigest(schema: unknown): string {
  fingerprint ??= ajvSetupFingerprint(sharedAjv());
  return createHash('sha256').update(fingerprint).update('\0').update(JSON.stringify(schema)).digest('hex');
}

/** The file of the validator of a chunk whose schema has `digest`, relative to the validators' folder. */
export function precompiledFileName(digest: string): string {
  return `${digest}.cjs`;
}

/**
 * The run-time helpers ajv's standalone code loads by name (`require("ajv/dist/runtime/equal")`),
 * as modules whose `default` is the helper: those of the ajv this module imports, so the bundled
 * CLI needs no node_modules. A helper not listed here makes that validator unavailable: its chunk
 * is compiled at run time.
 */
const AJV_RUNTIME: ReadonlyMap<string, { readonly default: unknown }> = new Map([
  ['ajv/dist/runtime/equal', { default: helper(equal) }],
  ['ajv/dist/runtime/ucs2length', { default: helper(ucs2length) }],
]);

/** A CommonJS helper module as imported here: the function itself, or its module object with `default`. */
function helper(imported: unknown): unknown {
  return typeof imported === 'function' ? imported : (imported as { default?: unknown }).default;
}

function ajvRuntime(id: string): unknown {
  const found = AJV_RUNTIME.get(id);
  if (!found) throw new Error(`a precompiled validator asked for ${id}`);
  return found;
}

/**
 * The validators `npm run build` generated for the schema chunks of every kind it knows (ajv's
 * standalone code, one CommonJS file per distinct chunk). Compiling a chunk with ajv costs
 * milliseconds to a tenth of a second on every cold run; a precompiled one costs a digest of its
 * schema and the compile of only its own code.
 *
 * Each file is compiled with V8's code cache beside it (`<file>.cache`) when there is one V8
 * accepts: the validator's functions are then ready without being parsed or compiled, which Node's
 * own loader would do anew at every start. `writeCodeCaches` writes the caches a run lacked.
 */
export class PrecompiledValidators {
  /** The scripts compiled in this process, and whether V8 took each one's cache. */
  private readonly scripts: { readonly file: string; readonly script: Script; readonly cacheTaken: boolean }[] = [];

  /** `dir` holds the files; a missing folder or file only means the chunk is compiled at run time. */
  constructor(private readonly dir: string) {}

  /**
   * The precompiled validator of exactly `schema`, or undefined when there is none. A file that
   * cannot be loaded counts as absent: the chunk is then compiled at run time, with the same checks.
   */
  validator(schema: unknown): ValidateFunction | undefined {
    const file = join(this.dir, precompiledFileName(chunkDigest(schema)));
    try {
      const source = readFileSync(file, 'utf8');
      const cachedData = readIfPresent(`${file}.cache`);
      // The CommonJS wrapper Node's own loader adds; the code needs nothing but `module`.
      const script = new Script(`(function (module) { ${source}\n});`, { filename: file, cachedData });
      const module = { exports: {} as unknown };
      (script.runInThisContext() as (m: typeof module) => void)(module);
      this.scripts.push({ file, script, cacheTaken: cachedData !== undefined && !script.cachedDataRejected });
      const factory = module.exports;
      return typeof factory === 'function' ? (factory as ValidatorFactory)(sharedAjv().formats, ajvRuntime) : undefined;
    } catch {
      return undefined;
    }
  }

  /** How many validators this process loaded, and how many of them V8 took a code cache for. */
  codeCacheUse(): { readonly loaded: number; readonly cached: number } {
    return { loaded: this.scripts.length, cached: this.scripts.filter((s) => s.cacheTaken).length };
  }

  /**
   * Writes V8's code cache of every validator this process loaded without one V8 took, holding what
   * the run compiled of it. Each goes to a temporary file first, so a reader never sees half of one.
   * It throws where the folder may not be written: a caller goes on without caches.
   */
  writeCodeCaches(): void {
    for (const { file, script, cacheTaken } of this.scripts) {
      if (cacheTaken) continue;
      const tmp = `${file}.cache.tmp-${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, `${file}.cache`);
    }
  }
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

let shipped: PrecompiledValidators | undefined;

/** The validators in this package's lib/. */
export function shippedValidators(): PrecompiledValidators {
  shipped ??= new PrecompiledValidators(packageFile(PRECOMPILED_VALIDATORS_DIR));
  return shipped;
}
