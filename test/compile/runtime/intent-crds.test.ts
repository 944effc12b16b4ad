import { describe, expect, it } from 'vitest';
import { SYNC_WAVES } from '../../../src/compile/sync-waves.js';
import { z } from 'zod';
import { compileIntentCrds, pluralOf } from '../../../src/compile/runtime/intent-crds.js';
import { structuralSchema } from '../../../src/compile/runtime/structural-schema.js';
import { buildConditions } from '../../../src/reconciler/conditions.js';
import { deriveRouteStatus, routeRouting } from '../../../src/reconciler/status-derivation.js';
import type { CarrierKind } from '../../../src/contracts/api-group.js';
import type { EmittedObject, Manifest } from '../../../src/contracts/manifest.js';
import type { KindSchema, SchemaRegistry } from '../../../src/validate/schema-registry.js';
import { validateManifests } from '../../../src/validate/validate-manifests.js';
import { guard, presidioProvider, routeToServer, routeToUrl, toolGateway, toolServer } from '../../support/intent-fixtures.js';
import { compileValid } from '../../support/compile-fixtures.js';
import { TEST_RUNTIME_ASSETS } from '../../support/runtime-assets.js';

type Node = Record<string, any>;

const crds = compileIntentCrds(TEST_RUNTIME_ASSETS.upstreamSpecSchemas);
const versionOf = (crd: Manifest) => (crd.spec as Node).versions[0];
const schemaOf = (crd: Manifest): Node => versionOf(crd).schema.openAPIV3Schema;
const byKind = (kind: string) => crds.find((c) => (c.spec as Node).names.kind === kind)!;

/**
 * What the API server demands of a structural schema (apiextensions validation): a type on every
 * node (except int-or-string and preserve-unknown-fields ones), no $ref/anyOf/oneOf/allOf/not, never
 * properties beside additionalProperties, and map lists keyed by required fields.
 */
function structuralProblems(node: Node, at = ''): string[] {
  const out: string[] = [];
  for (const k of ['$ref', '$schema', '$defs', 'anyOf', 'oneOf', 'allOf', 'not', 'propertyNames', 'const'])
    if (k in node) out.push(`${at}: ${k}`);
  if (!node.type && !node['x-kubernetes-int-or-string'] && !node['x-kubernetes-preserve-unknown-fields']) out.push(`${at}: no type`);
  if (node.properties && node.additionalProperties) out.push(`${at}: properties and additionalProperties`);
  if (node.additionalProperties === false) out.push(`${at}: additionalProperties false`);
  if (node['x-kubernetes-list-type'] === 'map') {
    for (const key of node['x-kubernetes-list-map-keys'] ?? [])
      if (!node.items?.required?.includes(key)) out.push(`${at}: map key ${key} not required`);
  }
  if (typeof node.maximum === 'number' && node.maximum > 2 ** 53 - 2) out.push(`${at}: safe-integer bound`);
  for (const [k, v] of Object.entries(node.properties ?? {})) out.push(...structuralProblems(v as Node, `${at}.${k}`));
  if (node.items) out.push(...structuralProblems(node.items, `${at}[]`));
  if (node.additionalProperties && typeof node.additionalProperties === 'object')
    out.push(...structuralProblems(node.additionalProperties, `${at}{}`));
  return out;
}

/** Every property path below a schema node: `.a.b`, `.list[].c`, `.map{}.d`. */
function paths(node: Node, at = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(node.properties ?? {})) out.push(`${at}.${k}`, ...paths(v as Node, `${at}.${k}`));
  if (node.items) out.push(...paths(node.items, `${at}[]`));
  if (node.additionalProperties && typeof node.additionalProperties === 'object') out.push(...paths(node.additionalProperties, `${at}{}`));
  return out;
}

/** A schema registry that knows only our CRDs: to validate objects against them. */
function ourRegistry(): SchemaRegistry {
  const kinds = new Map<string, KindSchema>();
  for (const crd of crds) {
    const spec = crd.spec as Node;
    const apiVersion = `${spec.group}/${versionOf(crd).name}`;
    kinds.set(`${apiVersion}/${spec.names.kind}`, {
      apiVersion,
      kind: spec.names.kind,
      scope: spec.scope,
      schema: schemaOf(crd),
      fromCrd: true,
    });
  }
  return {
    lookup: (apiVersion, kind) => kinds.get(`${apiVersion}/${kind}`),
    scope: (apiVersion, kind) => kinds.get(`${apiVersion}/${kind}`)?.scope,
    versionsOf: (kind) => [...kinds.values()].filter((k) => k.kind === kind).map((k) => k.apiVersion),
  };
}

describe('compileIntentCrds |', () => {
  it('defines the five upstream carrier kinds with the upstream names, scope and version, and our ToolSet', () => {
    expect(crds.map((c) => c.metadata.name)).toStrictEqual([
      'toolgatewayclasses.runtime.agentic-layer.ai',
      'toolgateways.runtime.agentic-layer.ai',
      'toolroutes.runtime.agentic-layer.ai',
      'guards.runtime.agentic-layer.ai',
      'guardrailproviders.runtime.agentic-layer.ai',
      'toolsets.runtime.agentic-layer.ai',
    ]);
    expect(
      compileIntentCrds(TEST_RUNTIME_ASSETS.upstreamSpecSchemas, (kind) => kind !== 'ToolSet').map((c) => c.metadata.name),
    ).not.toContain('toolsets.runtime.agentic-layer.ai');
    expect((byKind('ToolGatewayClass').spec as Node).scope).toBe('Cluster');
    expect((byKind('ToolRoute').spec as Node).names).toStrictEqual({
      kind: 'ToolRoute',
      listKind: 'ToolRouteList',
      plural: 'toolroutes',
      singular: 'toolroute',
    });
    expect(pluralOf('ToolGatewayClass')).toBe('toolgatewayclasses');
    for (const crd of crds)
      expect(versionOf(crd)).toMatchObject({ name: 'v1alpha1', served: true, storage: true, subresources: { status: {} } });
  });

  it('comes in an earlier Argo CD sync wave than the objects', () => {
    // The wave is added with every other kind's, from one table.
    const others = Object.entries(SYNC_WAVES).filter(([kind]) => kind !== 'CustomResourceDefinition');
    for (const [kind, wave] of others) expect(SYNC_WAVES.CustomResourceDefinition, kind).toBeLessThan(wave);
    expect(SYNC_WAVES.CustomResourceDefinition).toBe(-1);
  });

  it('shows URL, Ready and Tools columns', () => {
    const columns = (kind: string) => versionOf(byKind(kind)).additionalPrinterColumns.map((c: Node) => `${c.name}=${c.jsonPath}`);
    expect(columns('ToolRoute')).toStrictEqual([
      'Gateway=.spec.toolGatewayRef.name',
      'URL=.status.url',
      'Ready=.status.conditions[?(@.type=="Ready")].status',
      'Tools=.status.tools.count',
      'Age=.metadata.creationTimestamp',
    ]);
    expect(columns('ToolGateway')).toStrictEqual([
      'URL=.status.url',
      'Ready=.status.conditions[?(@.type=="Ready")].status',
      'Age=.metadata.creationTimestamp',
    ]);
    expect(columns('Guard')).toStrictEqual(['Ready=.status.conditions[?(@.type=="Ready")].status', 'Age=.metadata.creationTimestamp']);
  });

  it('has structural schemas only', () => {
    for (const crd of crds) expect(structuralProblems(schemaOf(crd)), crd.metadata.name).toStrictEqual([]);
  });

  it('has exactly the upstream v0.28.1 spec fields, no more, no fewer (derived, not hand-listed)', () => {
    for (const crd of crds) {
      const kind = (crd.spec as Node).names.kind as CarrierKind;
      const upstream = TEST_RUNTIME_ASSETS.upstreamSpecSchemas[kind];
      expect(paths(schemaOf(crd).properties.spec).sort(), kind).toStrictEqual(paths(upstream).sort());
    }
  });

  it('carries the upstream markers and CEL rule, and the constraints of our zod schemas', () => {
    const route = schemaOf(byKind('ToolRoute')).properties.spec.properties;
    expect(route.upstream['x-kubernetes-validations']).toStrictEqual([
      {
        message: 'exactly one of toolServerRef or external must be set',
        rule: '(has(self.toolServerRef) ? 1 : 0) + (has(self.external) ? 1 : 0) == 1',
      },
    ]);
    expect(route.upstream.properties.external.properties.url).toStrictEqual({ type: 'string', format: 'uri', pattern: '^https?://.+' });
    expect(route.toolGatewayRef['x-kubernetes-map-type']).toBe('atomic');
    expect(route.toolGatewayRef.properties.name).toStrictEqual({ type: 'string', minLength: 1 }); // ours: upstream has no minLength
    const guardMode = schemaOf(byKind('Guard')).properties.spec.properties.mode;
    expect(guardMode).toMatchObject({
      type: 'array',
      minItems: 1,
      'x-kubernetes-list-type': 'set',
      items: { enum: ['pre_call', 'post_call', 'during_call'] },
    });
  });

  it('has the status the reconciler writes: url, observedGeneration, conditions by type, tools and mcp', () => {
    const status = schemaOf(byKind('ToolRoute')).properties.status;
    expect(Object.keys(status.properties)).toStrictEqual(['observedGeneration', 'url', 'conditions', 'tools', 'mcp']);
    expect(status.properties.conditions).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] });
    expect(status.properties.tools.required).toStrictEqual(['count', 'names', 'digest']);
    expect(status.properties.conditions.items.properties.lastTransitionTime).toStrictEqual({ type: 'string', format: 'date-time' });
  });

  it('every CRD passes the validation gate (the apiextensions.k8s.io/v1 schema)', () => {
    expect(validateManifests(crds.map((manifest) => ({ manifest })))).toStrictEqual([]);
  });

  it('accepts every carrier synth emits', () => {
    const manifests = compileValid([
      toolGateway('tool-gateway', 'tg', {
        guardrails: [{ name: 'pii', namespace: 'guards' }],
        env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
      }),
      guard('guards', 'pii', { allowedNamespaces: { from: 'All' }, presidio: { entityActions: { EMAIL_ADDRESS: 'MASK' } } }),
      presidioProvider('guards'),
      toolServer('team-a', 'weather'),
      routeToServer('team-a', 'weather', 'weather', { toolFilter: { allow: ['get_*'], deny: ['*admin*'] } }),
      routeToUrl('team-b', 'gh', 'https://api.example.com/mcp'),
    ]);
    const carriers: EmittedObject[] = manifests
      .filter((m) => m.apiVersion.startsWith('runtime.agentic-layer.ai/'))
      .map((manifest) => ({ manifest }));
    expect(carriers).toHaveLength(6);
    expect(validateManifests(carriers, ourRegistry())).toStrictEqual([]);
  });

  it('accepts the status the reconciler derives for a route', () => {
    const carrier = { metadata: { name: 'r', namespace: 'a', generation: 3 }, status: undefined };
    const routing = routeRouting(
      {
        namespace: 'a',
        name: 'r',
        gateway: { namespace: 'g', name: 'gw' },
        httpRoute: 'gw-r',
        backend: 'gw-r',
        policies: [],
        path: '/a/r/mcp',
      },
      () => undefined,
      'cluster.local',
    );
    const status = deriveRouteStatus(
      carrier,
      { ...routing, status: 'True', reason: 'Routed', url: 'http://gw.g.svc.cluster.local/a/r/mcp', probeUrl: 'http://10.0.0.1/a/r/mcp' },
      {
        state: 'ready',
        tools: { count: 1, names: ['t'], digest: 'sha256:00' },
        surface: { status: 'True', reason: 'ToolsChanged', message: 'added: t' },
        protocolVersion: '2025-11-25',
        mode: 'Session',
        sessionLosses: 2,
      },
      '2026-01-02T03:04:05Z',
    );
    const manifest = {
      apiVersion: 'runtime.agentic-layer.ai/v1alpha1',
      kind: 'ToolRoute',
      metadata: { name: 'r', namespace: 'a' },
      spec: { upstream: { external: { url: 'https://x.example.com' } } },
      status,
    };
    expect(validateManifests([{ manifest }], ourRegistry())).toStrictEqual([]);
    expect(
      buildConditions([{ type: 'Ready', status: 'True', reason: 'Ready', message: 'm' }], undefined, 1, '2026-01-02T03:04:05Z')[0]!
        .lastTransitionTime,
    ).toBe('2026-01-02T03:04:05Z');
  });
});

describe('structuralSchema |', () => {
  it('turns a string-or-number union into int-or-string and drops safe-integer bounds and closed objects', () => {
    const schema = structuralSchema(
      z.strictObject({ q: z.union([z.string(), z.number()]), n: z.int(), m: z.record(z.string(), z.string()) }),
    );
    expect(schema).toStrictEqual({
      type: 'object',
      properties: {
        q: { 'x-kubernetes-int-or-string': true },
        n: { type: 'integer' },
        m: { type: 'object', additionalProperties: { type: 'string' } },
      },
      required: ['q', 'n', 'm'],
    });
  });

  it('refuses what has no structural form, naming where', () => {
    expect(() => structuralSchema(z.object({ u: z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]) }))).toThrow(
      /\.u is a union/,
    );
  });
});
