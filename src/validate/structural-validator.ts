import type { ErrorObject } from 'ajv';
import type { EmittedObject, Manifest } from '../contracts/manifest.js';
import type { Problem } from '../contracts/problem.js';
import { plainText, valueText } from '../contracts/value-text.js';
import { translateAjvErrors } from './ajv-messages.js';
import { applyApiServerDefaults } from './api-server-defaulting.js';
import { manifestProblem } from './manifest-problem.js';
import { shippedValidators } from './precompiled-validators.js';
import { chunkSchema, runChunk, type SchemaChunk } from './schema-chunks.js';
import type { JsonSchema } from '../contracts/json.js';
import { defaultSchemaRegistry, type KindSchema, type SchemaRegistry } from './schema-registry.js';
import type { StructuralIssue } from './structural-issue.js';
import { prepareKindSchema } from './structural-schema.js';

/**
 * Checks each object against the OpenAPI schema of its (apiVersion, kind), the way the API server does with
 * strict field validation (`kubectl apply --validate=strict`): types, enums, patterns, lengths, limits,
 * required fields, unknown fields, and the uniqueness of `x-kubernetes-list-type: map|set` lists. Schema
 * defaults are applied first (as the API server does before validating), copy on write. CEL rules
 * (`x-kubernetes-validations`) are not evaluated here but by cel-validator.ts, on the defaulted object that
 * `checkObjectStructure` returns.
 *
 * An object whose (apiVersion, kind) has no schema gets a warning, not an error.
 */
export function validateStructure(objects: readonly EmittedObject[], registry: SchemaRegistry = defaultSchemaRegistry()): Problem[] {
  return objects.flatMap((obj) => checkObjectStructure(obj, registry).problems);
}

/** The structural check of one object, plus what the CEL step needs to go on from it. */
export interface StructureResult {
  readonly problems: Problem[];
  /** The schema of the object's (apiVersion, kind); undefined when there is none. */
  readonly kind?: KindSchema;
  /**
   * The object as the API server would validate it: schema defaults applied and non-nullable `null`
   * fields dropped. It shares unchanged parts with the manifest (and is the manifest itself when
   * nothing changed), so it is only read, never changed. Undefined when there is no schema.
   */
  readonly defaulted?: unknown;
}

/** `validateStructure` for one object, also returning its schema and defaulted copy. */
export function checkObjectStructure(obj: EmittedObject, registry: SchemaRegistry = defaultSchemaRegistry()): StructureResult {
  // A manifest read by `validate` is any YAML: apiVersion and kind need not be strings.
  const m = obj.manifest as { apiVersion?: unknown; kind?: unknown };
  const found = typeof m.apiVersion === 'string' && typeof m.kind === 'string' ? registry.lookup(m.apiVersion, m.kind) : undefined;
  if (!found) return { problems: [manifestProblem(obj, 'warning', undefined, unknownKindMessage(m, registry))] };
  const { issues, data } = checkAgainst(found, obj.manifest);
  const problems = issues.map((issue) => manifestProblem(obj, issue.severity ?? 'error', issue.field, issue.message));
  return { problems, kind: found, defaulted: data };
}

function unknownKindMessage(m: { apiVersion?: unknown; kind?: unknown }, registry: SchemaRegistry): string {
  const known = typeof m.kind === 'string' ? registry.versionsOf(m.kind) : [];
  const also = known.length > 0 ? ` (schemas exist for ${known.join(', ')})` : '';
  return `no schema known for ${unquoted(m.apiVersion)} ${unquoted(m.kind)}${also}, not validated`;
}

/** apiVersion and kind read best unquoted; a value that is not a string is shown as JSON. */
function unquoted(v: unknown): string {
  return typeof v === 'string' ? plainText(v) : valueText(v);
}

/**
 * A kind's schema, ready to check against. `full` is the prepared schema (defaults and list markers are read
 * from it); `root` is the same schema cut into lazily compiled chunks.
 */
interface Prepared {
  readonly full: JsonSchema;
  readonly root: SchemaChunk;
}

const prepared = new WeakMap<KindSchema, Prepared>();

function prepareKind(kind: KindSchema): Prepared {
  let p = prepared.get(kind);
  if (!p) {
    const full = prepareKindSchema(kind);
    p = { full, root: chunkSchema(full, kind.kind, shippedValidators()) };
    prepared.set(kind, p);
  }
  return p;
}

function checkAgainst(kind: KindSchema, manifest: Manifest): { issues: StructuralIssue[]; data: unknown } {
  const { full, root } = prepareKind(kind);
  // Defaults are applied first, the way the API server defaults before validating: without them
  // e.g. a Gateway address without `type` would match both branches of its oneOf. The manifest
  // itself is left as it is.
  const issues: StructuralIssue[] = [];
  const data = applyApiServerDefaults(full, manifest, issues);
  const errors: ErrorObject[] = [];
  runChunk(root, data, '', errors);
  issues.push(...translateAjvErrors(errors, data));
  // By field, so the order does not depend on how ajv and the chunks happen to visit the schema.
  issues.sort((a, b) => (a.field === b.field ? (a.message < b.message ? -1 : 1) : a.field < b.field ? -1 : 1));
  return { issues, data };
}
