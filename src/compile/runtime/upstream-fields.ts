import { INTENT_API_VERSION } from '../../contracts/api-group.js';
import { isJsonObject, type JsonSchema } from '../../contracts/json.js';
import { defaultSchemaRegistry } from '../../validate/schema-registry.js';

/**
 * The schema of a `runtime.agentic-layer.ai` kind as the pinned upstream CRDs (v0.28.1) define
 * it, from imports/schemas. It is the yardstick for what a status carrier may hold: a field the
 * upstream schema lacks would be pruned by the upstream CRD (and show as drift in Argo CD) or
 * rejected by strict field validation.
 */
export function upstreamKindSchema(kind: string): JsonSchema {
  const found = defaultSchemaRegistry().lookup(INTENT_API_VERSION, kind);
  if (!found) throw new Error(`no upstream schema for ${INTENT_API_VERSION} ${kind} in imports/schemas; run npm run import`);
  return found.schema;
}

/** The `spec` node of an upstream kind's schema. */
export function upstreamSpecSchema(kind: string): JsonSchema {
  const props = upstreamKindSchema(kind).properties as Record<string, JsonSchema> | undefined;
  const spec = props?.spec;
  if (!spec) throw new Error(`the upstream schema of ${kind} has no spec`);
  return spec;
}

/**
 * A copy of `value` holding only the fields `schema` declares, recursively through objects, lists
 * and maps; our extension fields (Guard `failureMode`, ToolRoute `guardrails`, ...) are dropped.
 * Nodes that keep unknown fields or declare no properties are copied whole; `undefined` values go.
 */
export function keepUpstreamFields(value: unknown, schema: JsonSchema): unknown {
  if (Array.isArray(value)) {
    const items = isJsonObject(schema.items) ? schema.items : {};
    return value.map((v) => keepUpstreamFields(v, items));
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const props = isJsonObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : undefined;
  const values = isJsonObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
  if (props) {
    return Object.fromEntries(entries.filter(([k]) => isJsonObject(props[k])).map(([k, v]) => [k, keepUpstreamFields(v, props[k])]));
  }
  if (values) return Object.fromEntries(entries.map(([k, v]) => [k, keepUpstreamFields(v, values)]));
  return Object.fromEntries(entries);
}
