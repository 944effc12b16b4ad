import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonSchema } from '../contracts/json.js';
import { packageFile } from '../contracts/package-files.js';

export type Scope = 'Namespaced' | 'Cluster';

/** The schema of one served (apiVersion, kind). */
export interface KindSchema {
  readonly apiVersion: string;
  readonly kind: string;
  readonly scope: Scope;
  readonly schema: JsonSchema;
  /** True for schemas taken from a CustomResourceDefinition, false for core kinds. */
  readonly fromCrd: boolean;
}

/** Answers "which schema and scope does (apiVersion, kind) have", from the derived imports/schemas files. */
export interface SchemaRegistry {
  lookup(apiVersion: string, kind: string): KindSchema | undefined;
  scope(apiVersion: string, kind: string): Scope | undefined;
  /** apiVersions that have a schema for `kind`, sorted; used to say "known versions: ..." for a typo. */
  versionsOf(kind: string): readonly string[];
}

/** The committed schemas, imports/schemas in this package. */
export const DEFAULT_SCHEMA_DIR = packageFile('imports/schemas');

interface SchemaFile {
  readonly group: string;
  readonly packages?: readonly string[];
  readonly kinds: Record<string, Omit<KindSchema, 'fromCrd'>>;
}

/**
 * Reads every `*.json` written by scripts/derive-schemas.ts in `dir`. The files are small enough
 * (~0.6 MB together) to parse up front; compiling them is what costs, and the validator does that lazily.
 */
export function loadSchemaRegistry(dir: string = DEFAULT_SCHEMA_DIR): SchemaRegistry {
  const byKey = new Map<string, KindSchema>();
  const versions = new Map<string, string[]>();
  for (const entry of loadKindSchemas(dir)) {
    byKey.set(key(entry.apiVersion, entry.kind), entry);
    const list = versions.get(entry.kind) ?? [];
    list.push(entry.apiVersion);
    versions.set(entry.kind, list);
  }
  for (const list of versions.values()) list.sort();
  return {
    lookup: (apiVersion, kind) => byKey.get(key(apiVersion, kind)),
    scope: (apiVersion, kind) => byKey.get(key(apiVersion, kind))?.scope,
    versionsOf: (kind) => versions.get(kind) ?? [],
  };
}

/** Every kind schema in `dir`, in the order of the files' names and then of the kinds in each file. */
export function loadKindSchemas(dir: string = DEFAULT_SCHEMA_DIR): KindSchema[] {
  const out: KindSchema[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const file = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as SchemaFile;
    // Core kinds are derived from npm packages; CRD groups list only CRD files as sources.
    const fromCrd = !file.packages || file.packages.length === 0;
    for (const entry of Object.values(file.kinds)) out.push({ ...entry, fromCrd });
  }
  return out;
}

let defaultRegistry: SchemaRegistry | undefined;

/** The registry over the committed schemas, loaded on first use and then shared. */
export function defaultSchemaRegistry(): SchemaRegistry {
  defaultRegistry ??= loadSchemaRegistry();
  return defaultRegistry;
}

function key(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}
