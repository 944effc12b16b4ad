import { isJsonObject, type JsonSchema } from '../../contracts/json.js';
import { setField } from '../../contracts/set-field.js';

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
  const props = isJsonObject(schema.properties) ? schema.properties : undefined;
  const values = isJsonObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
  // A loop rather than fromEntries over mapped entries: this copies every status carrier synth emits.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (props) {
      const declared = Object.hasOwn(props, key) ? props[key] : undefined;
      if (isJsonObject(declared)) setField(out, key, keepUpstreamFields(v, declared));
    } else setField(out, key, values ? keepUpstreamFields(v, values) : v);
  }
  return out;
}
