import { CARRIER_KINDS, INTENT_API_VERSION, type CarrierKind } from '../contracts/api-group.js';
import { isJsonObject, type JsonSchema } from '../contracts/json.js';
import type { RuntimeAssets } from '../compile/runtime/runtime-assets.js';
import { defaultSchemaRegistry, type SchemaRegistry } from '../validate/schema-registry.js';
import { reconcilerBundle } from './reconciler-bundle.js';
import { structuralSchema } from '../compile/runtime/structural-schema.js';
import { toolSetSpecSchema } from '../intent/tool-set-schema.js';

/**
 * The `spec` schema of every carrier kind as the pinned upstream CRDs (v0.28.1) define it, from
 * imports/schemas. It is the yardstick for what a status carrier may hold: a field the upstream
 * schema lacks would be pruned by the upstream CRD (and show as drift in Argo CD) or rejected by
 * strict field validation. ToolSet is our own kind, with no upstream CRD: its carrier keeps its
 * whole spec, as our CRD declares it.
 */
export function upstreamSpecSchemas(registry: SchemaRegistry = defaultSchemaRegistry()): Record<CarrierKind, JsonSchema> {
  const out = {} as Record<CarrierKind, JsonSchema>;
  for (const kind of CARRIER_KINDS)
    out[kind] = kind === 'ToolSet' ? structuralSchema(toolSetSpecSchema) : upstreamSpecSchema(registry, kind);
  return out;
}

function upstreamSpecSchema(registry: SchemaRegistry, kind: string): JsonSchema {
  const found = registry.lookup(INTENT_API_VERSION, kind);
  if (!found) throw new Error(`no upstream schema for ${INTENT_API_VERSION} ${kind} in imports/schemas; run npm run import`);
  const spec = isJsonObject(found.schema.properties) ? found.schema.properties.spec : undefined;
  if (!isJsonObject(spec)) throw new Error(`the upstream schema of ${INTENT_API_VERSION} ${kind} in imports/schemas has no spec`);
  return spec;
}

let loaded: RuntimeAssets | undefined;

/**
 * What compile needs for the runtime half of the output: the reconciler bundle (built on first
 * use) and the upstream spec schemas (read once per process).
 */
export function defaultRuntimeAssets(): RuntimeAssets {
  loaded ??= { bundle: reconcilerBundle, upstreamSpecSchemas: upstreamSpecSchemas() };
  return loaded;
}
