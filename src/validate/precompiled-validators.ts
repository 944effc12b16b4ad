import type { ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
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

const load = createRequire(import.meta.url);

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
 * schema and the parse of only its own code.
 */
export class PrecompiledValidators {
  /** `dir` holds the files; a missing folder or file only means the chunk is compiled at run time. */
  constructor(private readonly dir: string) {}

  /**
   * The precompiled validator of exactly `schema`, or undefined when there is none. A file that
   * cannot be loaded counts as absent: the chunk is then compiled at run time, with the same checks.
   */
  validator(schema: unknown): ValidateFunction | undefined {
    const file = join(this.dir, precompiledFileName(chunkDigest(schema)));
    try {
      const factory = load(file) as unknown;
      return typeof factory === 'function' ? (factory as ValidatorFactory)(sharedAjv().formats, ajvRuntime) : undefined;
    } catch {
      return undefined;
    }
  }
}

let shipped: PrecompiledValidators | undefined;

/** The validators in this package's lib/. */
export function shippedValidators(): PrecompiledValidators {
  shipped ??= new PrecompiledValidators(packageFile(PRECOMPILED_VALIDATORS_DIR));
  return shipped;
}
