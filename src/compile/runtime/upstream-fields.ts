import { isJsonObject, type JsonSchema } from '../../contracts/json.js';

/**
 * A copy of `value` holding only the fields `schema` (an upstream CRD's schema, see
 * RuntimeAssets.upstreamSpecSchemas) declares, recursively through objects, lists
 * and maps; our extension fields (Guard `failureMode`, ToolRoute `guardrails`, ...) are dropped.
 * Nodes that keep unknown fields or declare no properties are copied whole; `undefined` values go.
 */
export function keepUpstreamFields(value: unknown, schema: JsonSchema): unknown {
  if (Array.isArray(value)) {
    const items = isJsonObject(schema.items) ? schema.items : {};
    return value.map((v) => keepUpstreamFields(v, items));
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  const props = isJsonObject(schema.properties) ? schema.properties : undefined;
  const values = isJsonObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
  if (props) {
    return Object.fromEntries(
      entries.flatMap(([k, v]) => {
        const declared = props[k];
        return isJsonObject(declared) ? [[k, keepUpstreamFields(v, declared)]] : [];
      }),
    );
  }
  if (values) return Object.fromEntries(entries.map(([k, v]) => [k, keepUpstreamFields(v, values)]));
  return Object.fromEntries(entries);
}
