import { describe, expect, it } from 'vitest';
import { defaultRuntimeAssets, upstreamSpecSchemas } from '../../src/app/runtime-assets.js';
import { reconcilerBundle } from '../../src/app/reconciler-bundle.js';
import { CARRIER_KINDS } from '../../src/contracts/api-group.js';
import type { KindSchema, SchemaRegistry } from '../../src/validate/schema-registry.js';

/** A registry holding only `kinds`, to see what the loader says about a missing one. */
function registryOf(kinds: Record<string, KindSchema['schema']>): SchemaRegistry {
  const lookup = (apiVersion: string, kind: string): KindSchema | undefined => {
    const schema = kinds[kind];
    return schema && { apiVersion, kind, scope: 'Namespaced', schema, fromCrd: true };
  };
  return { lookup, scope: (a, k) => lookup(a, k)?.scope, versionsOf: () => [] };
}

describe('upstreamSpecSchemas |', () => {
  it('reads the spec schema of every carrier kind from the pinned upstream CRDs', () => {
    const schemas = upstreamSpecSchemas();
    expect(Object.keys(schemas)).toStrictEqual([...CARRIER_KINDS]);
    for (const kind of CARRIER_KINDS) expect(schemas[kind], kind).toHaveProperty('properties');
    expect(schemas.ToolRoute.properties).toHaveProperty('upstream');
  });

  it('names the kind and the fix when imports/schemas lacks one', () => {
    const spec = { type: 'object', properties: {} };
    const some = Object.fromEntries(CARRIER_KINDS.filter((k) => k !== 'Guard').map((k) => [k, { properties: { spec } }]));
    expect(() => upstreamSpecSchemas(registryOf(some))).toThrow(
      'no upstream schema for runtime.agentic-layer.ai/v1alpha1 Guard in imports/schemas; run npm run import',
    );
  });

  it('says so when a kind has no spec', () => {
    const all = Object.fromEntries(CARRIER_KINDS.map((k) => [k, { properties: k === 'ToolRoute' ? {} : { spec: {} } }]));
    expect(() => upstreamSpecSchemas(registryOf(all))).toThrow(
      'the upstream schema of runtime.agentic-layer.ai/v1alpha1 ToolRoute in imports/schemas has no spec',
    );
  });
});

describe('defaultRuntimeAssets |', () => {
  it('supplies the real bundle builder and is loaded once per process', () => {
    const assets = defaultRuntimeAssets();
    expect(assets.bundle).toBe(reconcilerBundle);
    expect(defaultRuntimeAssets()).toBe(assets);
  });
});
