import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { isJsonObject, type JsonSchema } from '../contracts/json.js';
import type { Problem, Severity } from '../contracts/problem.js';
import { objectLabel } from '../contracts/problem.js';
import type { EmittedObject, Manifest } from '../contracts/manifest.js';
import { defaultSchemaRegistry, type KindSchema, type SchemaRegistry } from './schema-registry.js';

const addFormats = ajvFormats.default;

type Segment = string | number;
type Mutable = { [keyword: string]: unknown };

/**
 * Checks each object against the OpenAPI schema of its (apiVersion, kind), the way the API server does with
 * strict field validation (`kubectl apply --validate=strict`): types, enums, patterns, lengths, limits,
 * required fields, unknown fields, and the uniqueness of `x-kubernetes-list-type: map|set` lists. Schema
 * defaults are applied first (as the API server does before validating), on a copy. CEL rules
 * (`x-kubernetes-validations`) are not evaluated here but by cel-validator.ts, on the defaulted copy that
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
   * A copy of the object as the API server would validate it: schema defaults applied and non-nullable
   * `null` fields dropped. Undefined when there is no schema.
   */
  readonly defaulted?: unknown;
}

/** `validateStructure` for one object, also returning its schema and defaulted copy. */
export function checkObjectStructure(obj: EmittedObject, registry: SchemaRegistry = defaultSchemaRegistry()): StructureResult {
  const m = obj.manifest;
  const found = typeof m.apiVersion === 'string' && typeof m.kind === 'string' ? registry.lookup(m.apiVersion, m.kind) : undefined;
  if (!found) return { problems: [manifestProblem(obj, 'warning', undefined, unknownKindMessage(m, registry))] };
  const { issues, data } = checkAgainst(found, m);
  const problems = issues.map((issue) => manifestProblem(obj, issue.severity ?? 'error', issue.field, issue.message));
  return { problems, kind: found, defaulted: data };
}

/**
 * A problem about an emitted object: `object` is the manifest's id; when the object has provenance the
 * message ends with ` (generated from <intent>)` and `origin` points at the intent.
 */
export function manifestProblem(obj: EmittedObject, severity: Severity, field: string | undefined, message: string): Problem {
  const meta = (obj.manifest as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
  const name = typeof meta?.name === 'string' ? meta.name : '(no name)';
  const namespace = typeof meta?.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
  const object = { kind: String(obj.manifest.kind), ...(namespace ? { namespace } : {}), name };
  const prov = obj.provenance;
  return {
    severity,
    // A hand-written manifest (from `validate`) is its own provenance: no "generated from".
    message: prov && objectLabel(prov.intent) !== objectLabel(object) ? `${message} (generated from ${objectLabel(prov.intent)})` : message,
    object,
    ...(field ? { field } : {}),
    ...(prov?.origin ? { origin: prov.origin } : {}),
  };
}

/** Renders a field path: `spec.rules[0].matches[0].path.value`, `metadata.labels["app.kubernetes.io/name"]`. */
export function formatFieldPath(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** A value as JSON for a message, cut to about 80 characters. */
export function showValue(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function unknownKindMessage(m: Manifest, registry: SchemaRegistry): string {
  const known = typeof m.kind === 'string' ? registry.versionsOf(m.kind) : [];
  const also = known.length > 0 ? ` (schemas exist for ${known.join(', ')})` : '';
  return `no schema known for ${String(m.apiVersion)} ${String(m.kind)}${also}, not validated`;
}

// ---------------------------------------------------------------------------------------------------------
// Compiling: Kubernetes structural schema -> plain JSON Schema for ajv

/**
 * A kind's schema, ready to check against. `full` is the prepared schema (defaults and list markers are read
 * from it); `root` is the same schema cut into lazily compiled chunks.
 */
interface Prepared {
  readonly full: JsonSchema;
  readonly root: Chunk;
}

/**
 * Part of a schema compiled on its own, only once an object actually has data there. The agentgateway
 * backend schema is ~200 KB even without descriptions (ai providers, every policy kind); compiling it whole
 * takes ~0.3 s, while an MCP backend only ever touches `spec.mcp`. Large property, item and map-value
 * subtrees become child chunks, and the parent sees `true` in their place. For core kinds every named type
 * (`$ref` into `$defs`) is a chunk of its own, compiled once however often it is used.
 */
interface Chunk {
  /** Where the chunk sits in the schema; prefixed to ajv's schemaPath so paths stay unique across chunks. */
  readonly id: string;
  schema: Mutable;
  validate?: ValidateFunction;
  readonly props: Map<string, Chunk>;
  items?: Chunk;
  values?: Chunk;
}

/**
 * Subtrees larger than this (in JSON characters) get their own chunk. Each compile has a fixed cost; 2000 to
 * 4000 measured best on the benchmark (bench/validate.bench.ts).
 */
const CHUNK_CHARS = 3000;

/** Formats the API server checks, plus int32/int64 ranges; every other format is ignored, as it does. */
const CHECKED_FORMATS = new Set(['int32', 'int64', 'date-time', 'date', 'uri', 'ipv4', 'ipv6', 'hostname', 'email', 'uuid', 'byte']);
/** Inclusive ranges, with the bounds spelled out for messages (2^63 - 1 is not exact as a JS number). */
const INT_RANGES: Record<string, { min: number; max: number; text: string }> = {
  int32: { min: -(2 ** 31), max: 2 ** 31 - 1, text: '-2147483648 to 2147483647' },
  int64: { min: -(2 ** 63), max: 2 ** 63 - 1, text: '-9223372036854775808 to 9223372036854775807' },
};

/** Markers ajv only needs to accept: their meaning is applied in `prepare` and `walk`, or by the CEL step. */
const ANNOTATION_KEYWORDS = [
  'x-kubernetes-validations',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
];

let ajv: Ajv | undefined;
const prepared = new WeakMap<KindSchema, Prepared>();

function getAjv(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({
    allErrors: true,
    // Errors then carry the failing value and its schema node, which the messages quote.
    verbose: true,
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    // The derived schemas are trusted generated files; meta-validating them only costs time.
    validateSchema: false,
    addUsedSchema: false,
    // ajv's code optimiser does not make these validators measurably faster but doubles compile time
    // (0.65 s vs 0.29 s for the whole agentgateway backend schema).
    code: { optimize: false },
  });
  for (const keyword of ANNOTATION_KEYWORDS) ajv.addKeyword(keyword);
  addFormats(ajv, ['date-time', 'date', 'ipv4', 'ipv6', 'hostname', 'email', 'uuid', 'byte']);
  // Only the range: a fraction already fails `type: integer`, and one error per mistake reads better.
  for (const [name, r] of Object.entries(INT_RANGES)) {
    ajv.addFormat(name, { type: 'number', validate: (n: number) => n >= r.min && n <= r.max });
  }
  // The API server's `uri` is Go's url.ParseRequestURI: an absolute URI or an absolute path, no spaces.
  ajv.addFormat('uri', { type: 'string', validate: (s: string) => /^([A-Za-z][A-Za-z0-9+.-]*:|\/)\S*$/.test(s) });
  return ajv;
}

function prepareKind(kind: KindSchema): Prepared {
  let p = prepared.get(kind);
  if (!p) {
    const full = prepareRoot(kind);
    p = { full, root: toChunk(full, kind.kind, new ChunkBuilder(full.$defs as Mutable | undefined)) };
    prepared.set(kind, p);
  }
  return p;
}

/** Builds the chunk tree of one kind; each `$defs` type becomes one chunk, shared by every reference. */
class ChunkBuilder {
  private readonly defChunks = new Map<string, Chunk>();
  constructor(readonly defs: Mutable | undefined) {}

  /** The chunk for `sub` if it is a reference or too large to compile with its parent. */
  split(sub: unknown, id: string): Chunk | undefined {
    if (!isJsonObject(sub)) return undefined;
    const ref = sub.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/$defs/') && Object.keys(sub).length === 1) {
      const name = ref.slice('#/$defs/'.length);
      const target = this.defs?.[name];
      if (!isJsonObject(target)) return undefined;
      let c = this.defChunks.get(name);
      if (!c) {
        // Registered before it is filled in: JSONSchemaProps (in the CRD kind) contains itself.
        c = emptyChunk(name);
        this.defChunks.set(name, c);
        fillChunk(c, target, this);
      }
      return c;
    }
    // A subtree that holds a reference is cut too, so that the reference ends up as its own chunk instead
    // of pulling every type it reaches into this compile.
    const text = JSON.stringify(sub);
    return text.length > CHUNK_CHARS || text.includes('"$ref"') ? toChunk(sub, id, this) : undefined;
  }
}

function emptyChunk(id: string): Chunk {
  return { id, schema: {}, props: new Map() };
}

function toChunk(node: Mutable, id: string, builder: ChunkBuilder): Chunk {
  const c = emptyChunk(id);
  fillChunk(c, node, builder);
  return c;
}

function fillChunk(c: Chunk, node: Mutable, builder: ChunkBuilder): void {
  const schema: Mutable = { ...node };
  delete schema.$defs;
  if (isJsonObject(node.properties)) {
    const shallow: Mutable = {};
    for (const [name, sub] of Object.entries(node.properties)) {
      const child = builder.split(sub, `${c.id}.${name}`);
      if (child) c.props.set(name, child);
      shallow[name] = child ? true : sub;
    }
    schema.properties = shallow;
  }
  c.items = builder.split(node.items, `${c.id}[]`);
  if (c.items) schema.items = true;
  c.values = builder.split(node.additionalProperties, `${c.id}{}`);
  if (c.values) schema.additionalProperties = true;
  // A reference left in a place that is not cut (e.g. inside anyOf) still needs its definitions.
  if (builder.defs && JSON.stringify(schema).includes('"$ref"')) schema.$defs = builder.defs;
  c.schema = schema;
}

/** Runs a chunk and, below it, the child chunks the data reaches. */
function runChunk(c: Chunk, data: unknown, pointer: string, out: ErrorObject[]): void {
  c.validate ??= getAjv().compile(c.schema);
  // instancePath makes ajv report full paths from inside a chunk; the rest is only read by $data and
  // useDefaults, which are not used.
  const cxt = { instancePath: pointer, parentData: {}, parentDataProperty: '', rootData: {}, dynamicAnchors: {} };
  if (!c.validate(data, cxt)) for (const e of c.validate.errors ?? []) out.push({ ...e, schemaPath: `${c.id}${e.schemaPath}` });
  if (Array.isArray(data)) {
    if (c.items) data.forEach((v, i) => runChunk(c.items as Chunk, v, `${pointer}/${i}`, out));
    return;
  }
  if (!isJsonObject(data)) return;
  const declared = isJsonObject(c.schema.properties) ? c.schema.properties : {};
  for (const [name, v] of Object.entries(data)) {
    const child = c.props.get(name) ?? (c.values && !(name in declared) ? c.values : undefined);
    if (child && v !== undefined) runChunk(child, v, `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  }
}

/**
 * ObjectMeta as the API server sees it. A CRD's schema only says `metadata: {type: object}`; the real
 * fields are fixed by Kubernetes, so without this every metadata field would look unknown.
 */
const OBJECT_META: JsonSchema = {
  type: 'object',
  properties: {
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    creationTimestamp: { type: 'string', format: 'date-time', nullable: true },
    deletionGracePeriodSeconds: { type: 'integer', format: 'int64' },
    deletionTimestamp: { type: 'string', format: 'date-time' },
    finalizers: { type: 'array', items: { type: 'string' } },
    generateName: { type: 'string' },
    generation: { type: 'integer', format: 'int64' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    managedFields: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    name: { type: 'string' },
    namespace: { type: 'string' },
    ownerReferences: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    resourceVersion: { type: 'string' },
    selfLink: { type: 'string' },
    uid: { type: 'string' },
  },
};

function prepareRoot(kind: KindSchema): JsonSchema {
  const root = prepare(kind.schema, true);
  const props = root.properties as Mutable | undefined;
  if (kind.fromCrd && props) {
    // Keep any extra constraints a CRD puts on metadata fields (e.g. a maxLength on name).
    const own = (props.metadata as Mutable | undefined)?.properties as Mutable | undefined;
    const metaProps: Mutable = { ...(OBJECT_META.properties as Mutable) };
    for (const [k, v] of Object.entries(own ?? {})) metaProps[k] = { ...(metaProps[k] as Mutable), ...(v as Mutable) };
    props.metadata = prepare({ ...OBJECT_META, properties: metaProps }, true);
  }
  return root;
}

/**
 * Turns Kubernetes structural-schema semantics into plain JSON Schema:
 * - an object node with no `additionalProperties` and no `x-kubernetes-preserve-unknown-fields` accepts
 *   only its listed properties (the API server prunes or, with strict validation, rejects the rest);
 * - `x-kubernetes-int-or-string` becomes `type: [integer, string]` (its `anyOf` only repeats that);
 * - `x-kubernetes-embedded-resource` adds apiVersion, kind and metadata;
 * - formats the API server does not check are dropped.
 * Inside `allOf`/`anyOf`/`oneOf`/`not` (value validations only, in a structural schema) nothing is closed.
 */
function prepare(node: JsonSchema, skeleton: boolean): JsonSchema {
  const out: Mutable = { ...node };
  if (typeof out.format === 'string' && !CHECKED_FORMATS.has(out.format)) delete out.format;
  if (out['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    if (Array.isArray(out.anyOf) && out.anyOf.every((s) => isIntOrStringBranch(s as Mutable))) delete out.anyOf;
  }
  if (out['x-kubernetes-embedded-resource'] === true) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: OBJECT_META, ...(out.properties as Mutable) };
  }
  if (skeleton && (out.type === 'object' || out.properties) && out.additionalProperties === undefined) {
    if (out['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  }
  if (isJsonObject(out.properties)) out.properties = mapValues(out.properties, (s) => prepare(s as JsonSchema, skeleton));
  if (isJsonObject(out.$defs)) out.$defs = mapValues(out.$defs, (s) => prepare(s as JsonSchema, true));
  if (isJsonObject(out.items)) out.items = prepare(out.items, skeleton);
  if (isJsonObject(out.additionalProperties)) out.additionalProperties = prepare(out.additionalProperties, skeleton);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(out[key])) out[key] = (out[key] as JsonSchema[]).map((s) => prepare(s, false));
  }
  if (isJsonObject(out.not)) out.not = prepare(out.not, false);
  return out;
}

function isIntOrStringBranch(s: Mutable): boolean {
  return Object.keys(s).length === 1 && (s.type === 'integer' || s.type === 'string');
}

function mapValues(obj: Mutable, f: (v: unknown) => unknown): Mutable {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, f(v)]));
}

// ---------------------------------------------------------------------------------------------------------
// Checking one object

interface Issue {
  readonly field: string;
  readonly message: string;
  /** Defaults to error. */
  readonly severity?: Severity;
}

function checkAgainst(kind: KindSchema, manifest: Manifest): { issues: Issue[]; data: unknown } {
  const { full, root } = prepareKind(kind);
  // Defaults are applied to a copy, the way the API server defaults before validating: without them
  // e.g. a Gateway address without `type` would match both branches of its oneOf.
  const data = structuredClone(manifest) as unknown;
  const issues: Issue[] = [];
  walk(full, data, [], full, issues);
  const errors: ErrorObject[] = [];
  runChunk(root, data, '', errors);
  issues.push(...translate(errors, data));
  // By field, so the order does not depend on how ajv and the chunks happen to visit the schema.
  issues.sort((a, b) => (a.field === b.field ? (a.message < b.message ? -1 : 1) : a.field < b.field ? -1 : 1));
  return { issues, data };
}

/**
 * Does what the API server does to an object before validating it: drops `null` fields that are not
 * `nullable` (with a warning: the live object will lack them, which GitOps diffs show forever), applies
 * schema defaults, and checks `x-kubernetes-list-type: map|set` uniqueness. Works in place, on the copy.
 */
function walk(node: JsonSchema, value: unknown, path: Segment[], root: JsonSchema, issues: Issue[]): void {
  const schema = deref(node, root);
  if (Array.isArray(value)) {
    if (isJsonObject(schema.items)) value.forEach((v, i) => walk(schema.items as JsonSchema, v, [...path, i], root, issues));
    const listType = schema['x-kubernetes-list-type'];
    if (listType === 'map') checkMapList(value, (schema['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [], path, issues);
    if (listType === 'set') checkSetList(value, path, issues);
    return;
  }
  if (!isJsonObject(value)) return;
  const obj = value as Mutable;
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  for (const [name, v] of Object.entries(obj)) {
    const sub = props?.[name] ? deref(props[name], root) : undefined;
    if (v === null && sub && sub.nullable !== true) {
      delete obj[name];
      issues.push({
        field: formatFieldPath([...path, name]),
        message: 'value null is dropped by the API server (the field is not nullable); leave the field out instead',
        severity: 'warning',
      });
    }
  }
  for (const [name, prop] of Object.entries(props ?? {})) {
    const d = deref(prop, root);
    if (obj[name] === undefined && d.default !== undefined) obj[name] = structuredClone(d.default);
  }
  for (const [name, v] of Object.entries(obj)) {
    const sub = props?.[name] ?? (isJsonObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
    if (sub) walk(sub, v, [...path, name], root, issues);
  }
}

function deref(node: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return node;
  return (root.$defs as Record<string, JsonSchema>)[ref.slice('#/$defs/'.length)] ?? node;
}

function checkMapList(list: unknown[], keys: readonly string[], path: Segment[], issues: Issue[]): void {
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    if (!isJsonObject(item)) return;
    const entry = item;
    const id = JSON.stringify(keys.map((k) => entry[k] ?? null));
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, i);
      return;
    }
    const keyText = keys.map((k) => `${k} ${showValue(entry[k])}`).join(', ');
    const keyedBy = keys.length > 1 ? `(${keys.join(', ')})` : keys[0];
    issues.push({
      field: formatFieldPath([...path, i]),
      message: `duplicate entry with ${keyText} (same as index ${first}); entries are keyed by ${keyedBy} and must be unique`,
    });
  });
}

function checkSetList(list: unknown[], path: Segment[], issues: Issue[]): void {
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const id = JSON.stringify(item);
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else {
      const message = `duplicate value ${showValue(item)} (same as index ${first}); values of this list must be unique`;
      issues.push({ field: formatFieldPath([...path, i]), message });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// ajv errors -> sentences

interface Translated {
  readonly segments: Segment[];
  readonly message: string;
  /**
   * What would have been accepted, as a predicate ("must be at least 1"), used to explain anyOf/oneOf
   * failures branch by branch.
   */
  readonly expected: string;
}

function translate(errors: readonly ErrorObject[], data: unknown): Issue[] {
  // Errors inside a failed anyOf/oneOf branch are folded into the anyOf/oneOf error itself.
  const junctions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  const inBranch = (e: ErrorObject): boolean => junctions.some((p) => e.schemaPath.startsWith(p));
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (inBranch(e)) continue;
    const t = e.keyword === 'anyOf' || e.keyword === 'oneOf' ? junctionError(e, errors, data) : describe(e, data);
    const issue = { field: formatFieldPath(t.segments), message: t.message };
    const id = `${issue.field}\u0000${issue.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      issues.push(issue);
    }
  }
  return issues;
}

function junctionError(e: ErrorObject, all: readonly ErrorObject[], data: unknown): Translated {
  const segments = pointerToSegments(e.instancePath, data);
  const value = showValue(e.data);
  const passing = (e.params as { passingSchemas?: number[] | null }).passingSchemas;
  if (e.keyword === 'oneOf' && Array.isArray(passing)) {
    const message = `value ${value} matches more than one of the allowed forms (${passing.length}); exactly one must match`;
    return { segments, message, expected: 'must match exactly one of the allowed forms' };
  }
  const prefix = `${e.schemaPath}/`;
  const hints = new Set<string>();
  for (const b of all) {
    if (!b.schemaPath.startsWith(prefix) || b.keyword === 'anyOf' || b.keyword === 'oneOf') continue;
    const rel = formatFieldPath(pointerToSegments(b.instancePath, data).slice(segments.length));
    const expected = describe(b, data).expected;
    hints.add(rel ? `${rel} ${expected}` : expected);
  }
  const list = [...hints];
  const message =
    list.length > 0
      ? `value ${value} matches none of the allowed forms: ${list.join('; or ')}`
      : `value ${value} matches none of the allowed forms`;
  return { segments, message, expected: list.join('; or ') || 'must match one of the allowed forms' };
}

function describe(e: ErrorObject, data: unknown): Translated {
  const segments = pointerToSegments(e.instancePath, data);
  const p = e.params;
  const value = showValue(e.data);
  const at = (message: string, expected: string, extra?: Segment): Translated => ({
    segments: extra === undefined ? segments : [...segments, extra],
    message,
    expected,
  });
  switch (e.keyword) {
    case 'required':
      return at(`required field "${p.missingProperty}" is missing`, `must have field "${p.missingProperty}"`, p.missingProperty);
    case 'additionalProperties':
      return at(
        unknownFieldMessage(p.additionalProperty, e.parentSchema),
        `must not have field "${p.additionalProperty}"`,
        p.additionalProperty,
      );
    case 'type': {
      const expected = typeWords(String(p.type).split(','));
      return at(`value ${value} is ${article(jsonType(e.data))}; expected ${expected}`, `must be ${expected}`);
    }
    case 'enum': {
      const allowed = (e.schema as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return at(`unsupported value ${value}; allowed values: ${allowed}`, `must be one of ${allowed}`);
    }
    case 'const':
      return at(
        `unsupported value ${value}; the only allowed value is ${JSON.stringify(p.allowedValue)}`,
        `must be ${JSON.stringify(p.allowedValue)}`,
      );
    case 'minimum':
    case 'exclusiveMinimum':
      return at(
        `value ${value} is too small; minimum is ${p.limit}${p.comparison === '>' ? ' (exclusive)' : ''}`,
        `must be at least ${p.limit}`,
      );
    case 'maximum':
    case 'exclusiveMaximum':
      return at(
        `value ${value} is too large; maximum is ${p.limit}${p.comparison === '<' ? ' (exclusive)' : ''}`,
        `must be at most ${p.limit}`,
      );
    case 'multipleOf':
      return at(`value ${value} is not a multiple of ${p.multipleOf}`, `must be a multiple of ${p.multipleOf}`);
    case 'minLength':
      return at(
        `value ${value} is too short (${charCount(e.data)} characters); minimum length is ${p.limit}`,
        `must be at least ${p.limit} characters long`,
      );
    case 'maxLength':
      return at(
        `value ${value} is too long (${charCount(e.data)} characters); maximum length is ${p.limit}`,
        `must be at most ${p.limit} characters long`,
      );
    case 'pattern':
      return at(`value ${value} does not match the required pattern ${p.pattern}`, `must match ${p.pattern}`);
    case 'format':
      return formatError(p.format as string, value, at);
    case 'minItems':
      return at(`list has ${(e.data as unknown[]).length} items; at least ${p.limit} required`, `must have at least ${p.limit} items`);
    case 'maxItems':
      return at(`list has ${(e.data as unknown[]).length} items; at most ${p.limit} allowed`, `must have at most ${p.limit} items`);
    case 'uniqueItems':
      return at(`duplicate items at index ${p.j} and ${p.i}; items must be unique`, 'must have unique items');
    case 'minProperties':
      return at(
        `has ${Object.keys(e.data as object).length} entries; at least ${p.limit} required`,
        `must have at least ${p.limit} entries`,
      );
    case 'maxProperties':
      return at(`has ${Object.keys(e.data as object).length} entries; at most ${p.limit} allowed`, `must have at most ${p.limit} entries`);
    case 'not': {
      const banned =
        isJsonObject(e.schema) && Array.isArray(e.schema.enum) ? e.schema.enum.map((v) => JSON.stringify(v)).join(', ') : undefined;
      return banned
        ? at(`value ${value} is not allowed here; must not be one of ${banned}`, `must not be one of ${banned}`)
        : at(`value ${value} is not allowed here`, 'must not match this form');
    }
    default:
      return at(`value ${value} ${e.message ?? `fails ${e.keyword}`}`, e.message ?? `must satisfy ${e.keyword}`);
  }
}

function formatError(format: string, value: string, at: (message: string, expected: string) => Translated): Translated {
  const range = INT_RANGES[format];
  if (range) return at(`value ${value} does not fit in ${format}; allowed range is ${range.text}`, `must fit in ${format}`);
  const hints: Record<string, string> = {
    'date-time': 'an RFC 3339 date-time such as "2006-01-02T15:04:05Z"',
    date: 'a date such as "2006-01-02"',
    uri: 'an absolute URI such as "https://example.com/path" or an absolute path',
    ipv4: 'an IPv4 address',
    ipv6: 'an IPv6 address',
    hostname: 'a DNS hostname',
    email: 'an email address',
    uuid: 'a UUID',
    byte: 'base64-encoded data',
  };
  const expected = hints[format] ?? `a valid ${format}`;
  return at(`value ${value} is not a valid ${format}; expected ${expected}`, `must be ${expected}`);
}

function unknownFieldMessage(name: string, parentSchema: unknown): string {
  const props = isJsonObject(parentSchema) && isJsonObject(parentSchema.properties) ? Object.keys(parentSchema.properties).sort() : [];
  if (props.length === 0) return `unknown field "${name}"; this object takes no fields`;
  const guess = closest(name, props);
  const hint = guess ? ` (did you mean "${guess}"?)` : '';
  const shown = props.length > 15 ? `${props.slice(0, 15).join(', ')}, … (${props.length} in all)` : props.join(', ');
  return `unknown field "${name}"${hint}; allowed fields here: ${shown}`;
}

/** The allowed name nearest to a typo (case-insensitive edit distance at most 2, or a case-only difference). */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

function typeWords(types: readonly string[]): string {
  const words = types.map((t) => article(t === 'array' ? 'list' : t));
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words[0];
}

function article(word: string): string {
  if (word === 'null') return 'null';
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function charCount(v: unknown): number {
  return typeof v === 'string' ? [...v].length : 0;
}

/** `/spec/rules/0/name` -> ['spec', 'rules', 0, 'name'], using the data to tell list indexes from map keys. */
function pointerToSegments(pointer: string, data: unknown): Segment[] {
  if (pointer === '') return [];
  const out: Segment[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(key);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(key);
      cur = isJsonObject(cur) ? cur[key] : undefined;
    }
  }
  return out;
}
