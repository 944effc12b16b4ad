import { celList, celMap, type CelInput } from '@bufbuild/cel';
import { escapeCelProperty } from './cel-escaping.js';
import { isJsonObject, type JsonObject, type JsonSchema } from '../contracts/json.js';
import type { KindSchema } from './schema-registry.js';
import { derefSchema } from './schema-ref.js';

/**
 * What CEL sees of `metadata` on a custom resource or an embedded resource: only `name` and
 * `generateName`, whatever else the object sets (k8s.io/apiserver/pkg/cel/common/schemas.go).
 */
const CEL_METADATA: JsonSchema = { type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } };
const EMBEDDED_PROPERTIES: JsonSchema = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: CEL_METADATA };

const rootSchemas = new WeakMap<KindSchema, JsonSchema>();

/** The schema CEL rules of `kind` are evaluated against: the kind's own, with `metadata` as CEL sees it. */
export function celRootSchema(kind: KindSchema): JsonSchema {
  let root = rootSchemas.get(kind);
  if (!root) {
    const props = isJsonObject(kind.schema.properties) ? kind.schema.properties : undefined;
    root = props?.metadata ? { ...kind.schema, properties: { ...props, metadata: CEL_METADATA } } : kind.schema;
    rootSchemas.set(kind, root);
  }
  return root;
}

/**
 * Turns one object's (defaulted) JSON into CEL values the way the API server types them from the schema:
 * - `integer` fields, and `x-kubernetes-int-or-string` fields holding a number, become CEL ints (bigint):
 *   a JS number is a CEL double, and `port == 80` must compare int with int;
 * - object properties are renamed to their escaped CEL names (`namespace` -> `__namespace__`); fields the
 *   schema does not declare, or whose names CEL cannot spell, are left out, and absent fields stay absent
 *   so that `has()` is false for them;
 * - map-typed objects (`additionalProperties`) keep their keys as they are;
 * - values with no schema (under `x-kubernetes-preserve-unknown-fields`) keep their JSON shape, with
 *   whole numbers as ints.
 * Strings with a `format` (date-time, byte) stay strings: no pinned rule reads one.
 *
 * One binder serves one object: each subtree is converted once, however many nested rule nodes use it.
 */
export class CelBinder {
  private readonly memo = new WeakMap<object, CelInput>();

  constructor(private readonly root: JsonSchema) {}

  /** The value of `self` for a schema node holding `value`. */
  bind(node: JsonSchema | undefined, value: unknown): CelInput {
    if (value === null || value === undefined) return null;
    if (node === undefined) return untyped(value);
    const schema = derefSchema(node, this.root);
    switch (typeof value) {
      case 'number':
        if (schema.type === 'integer' || schema['x-kubernetes-int-or-string'] === true)
          return Number.isInteger(value) ? BigInt(value) : value;
        return schema.type === 'number' ? value : untyped(value);
      case 'string':
      case 'boolean':
        return value;
      case 'object':
        break;
      default:
        return null;
    }
    const cached = this.memo.get(value);
    if (cached !== undefined) return cached;
    const bound = Array.isArray(value) ? this.bindList(schema, value) : this.bindObject(schema, value as JsonObject);
    this.memo.set(value, bound);
    return bound;
  }

  private bindList(schema: JsonSchema, list: readonly unknown[]): CelInput {
    const items = isJsonObject(schema.items) ? schema.items : undefined;
    return celList(list.map((v) => this.bind(items, v)));
  }

  private bindObject(schema: JsonSchema, obj: JsonObject): CelInput {
    const declared = isJsonObject(schema.properties) ? schema.properties : undefined;
    const values = isJsonObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
    const embedded = schema['x-kubernetes-embedded-resource'] === true;
    if (!declared && !embedded) {
      if (values) return celMap(new Map(Object.entries(obj).map(([k, v]) => [k, this.bind(values, v)])));
      // No structure at all: an open object (preserve-unknown-fields, or `additionalProperties: true`).
      if (schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true) return untyped(obj);
    }
    const props = embedded ? { ...EMBEDDED_PROPERTIES, ...declared } : (declared ?? {});
    const out = new Map<string, CelInput>();
    for (const [name, v] of Object.entries(obj)) {
      const sub = props[name];
      if (!isJsonObject(sub) || v === undefined) continue;
      const celName = escapeCelProperty(name);
      if (celName !== undefined) out.set(celName, this.bind(sub, v));
    }
    return celMap(out);
  }
}

/** A value with no schema, typed as the API server types unstructured JSON. */
function untyped(value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return celList(value.map(untyped));
  if (typeof value === 'object') return celMap(new Map(Object.entries(value).map(([k, v]) => [k, untyped(v)])));
  return null;
}
