import type { JsonSchema } from '../contracts/json.js';
import type { KindSchema } from './schema-registry.js';
import { isSchemaNode } from './schema-ref.js';

type Mutable = { [keyword: string]: unknown };

/** Formats the API server checks, plus int32/int64 ranges; every other format is ignored, as it does. */
const CHECKED_FORMATS = new Set(['int32', 'int64', 'date-time', 'date', 'uri', 'ipv4', 'ipv6', 'hostname', 'email', 'uuid', 'byte']);

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

/**
 * A kind's schema as plain JSON Schema that ajv checks the way the API server validates (see `prepare`),
 * with the real ObjectMeta fields under `metadata` for a custom resource.
 */
export function prepareKindSchema(kind: KindSchema): JsonSchema {
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
    if (Array.isArray(out.anyOf) && out.anyOf.every(isIntOrStringBranch)) delete out.anyOf;
  }
  if (out['x-kubernetes-embedded-resource'] === true) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: OBJECT_META, ...(out.properties as Mutable) };
  }
  if (skeleton && (out.type === 'object' || out.properties) && out.additionalProperties === undefined) {
    if (out['x-kubernetes-preserve-unknown-fields'] !== true) out.additionalProperties = false;
  }
  if (isSchemaNode(out.properties)) out.properties = mapValues(out.properties, (s) => prepare(s as JsonSchema, skeleton));
  if (isSchemaNode(out.$defs)) out.$defs = mapValues(out.$defs, (s) => prepare(s as JsonSchema, true));
  if (isSchemaNode(out.items)) out.items = prepare(out.items, skeleton);
  if (isSchemaNode(out.additionalProperties)) out.additionalProperties = prepare(out.additionalProperties, skeleton);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(out[key])) out[key] = (out[key] as JsonSchema[]).map((s) => prepare(s, false));
  }
  if (isSchemaNode(out.not)) out.not = prepare(out.not, false);
  return out;
}

function isIntOrStringBranch(s: unknown): boolean {
  return isSchemaNode(s) && Object.keys(s).length === 1 && (s.type === 'integer' || s.type === 'string');
}

function mapValues(obj: JsonSchema, f: (v: unknown) => unknown): Mutable {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, f(v)]));
}
