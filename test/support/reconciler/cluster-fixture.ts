import type { Manifest } from '../../../src/contracts/manifest.js';
import type { ReconcilerPlan } from '../../../src/contracts/reconciler-plan.js';
import { compileValid } from '../compile-fixtures.js';
import { RESOURCE_OF, type FakeKubeApi, type FakeObject } from './fake-kube-api.js';

export const GATEWAY_API = 'gateway.networking.k8s.io/v1';
export const INTENT_API = 'runtime.agentic-layer.ai/v1alpha1';
export const AGW_API = 'agentgateway.dev/v1alpha1';

/** What synth emits for `docs`, split into the plan and the objects a cluster would hold. */
export interface CompiledCluster {
  readonly plan: ReconcilerPlan;
  /** The objects of the kinds the reconciler reads (carriers, Gateways, HTTPRoutes, ...), as synth wrote them. */
  readonly objects: FakeObject[];
}

/**
 * Compiles intent documents with the real compiler and reads the reconciler's plan out of the
 * plan ConfigMap, so the reconciler under test consumes exactly what synth emits.
 */
export function compileCluster(docs: readonly unknown[]): CompiledCluster {
  const manifests = compileValid(docs);
  const planMap = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'tool-gateway-reconciler-plan') as Manifest & {
    data: Record<string, string>;
  };
  const plan = JSON.parse(planMap.data['plan.json']!) as ReconcilerPlan;
  const readable = manifests.filter((m) => m.kind in RESOURCE_OF && m.metadata.namespace) as unknown as FakeObject[];
  return { plan, objects: JSON.parse(JSON.stringify(readable)) as FakeObject[] };
}

const condition = (type: string, status = 'True', generation = 1) => ({
  type,
  status,
  reason: status === 'True' ? type : `Not${type}`,
  message: '',
  lastTransitionTime: '2026-01-01T00:00:00Z',
  observedGeneration: generation,
});

/**
 * Plays the gateway controller: the Gateway gets `address` and its HTTP listener `port` (where
 * the test's MCP gateway listens), and Accepted + Programmed for its current generation.
 */
export function programGateway(api: FakeKubeApi, namespace: string, name: string, address: string, port: number): void {
  const gw = api.get('Gateway', GATEWAY_API, namespace, name);
  if (!gw) throw new Error(`no Gateway ${namespace}/${name}`);
  const spec = gw.spec as { listeners: { port: number }[] };
  spec.listeners = spec.listeners.map((l) => ({ ...l, port }));
  const applied = api.apply({ ...gw, status: undefined });
  api.setStatus('Gateway', GATEWAY_API, namespace, name, {
    addresses: [{ type: 'IPAddress', value: address }],
    conditions: [condition('Accepted', 'True', applied.metadata.generation), condition('Programmed', 'True', applied.metadata.generation)],
  });
}

/** Plays the route controller: the HTTPRoute is Accepted with ResolvedRefs by its parent Gateway. */
export function acceptRoute(api: FakeKubeApi, namespace: string, httpRoute: string, gateway: { namespace: string; name: string }): void {
  const hr = api.get('HTTPRoute', GATEWAY_API, namespace, httpRoute);
  if (!hr) throw new Error(`no HTTPRoute ${namespace}/${httpRoute}`);
  api.setStatus('HTTPRoute', GATEWAY_API, namespace, httpRoute, {
    parents: [
      {
        parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway.name, namespace: gateway.namespace },
        controllerName: 'agentgateway.dev/agentgateway',
        conditions: [condition('Accepted', 'True', hr.metadata.generation), condition('ResolvedRefs', 'True', hr.metadata.generation)],
      },
    ],
  });
}

/** A carrier's current status, or undefined. */
export function statusOf(
  api: FakeKubeApi,
  kind: 'ToolGateway' | 'ToolRoute' | 'ToolSet' | 'Guard',
  namespace: string,
  name: string,
): Record<string, any> | undefined {
  return api.get(kind, INTENT_API, namespace, name)?.status as Record<string, any> | undefined;
}

export function conditionOf(status: Record<string, any> | undefined, type: string): Record<string, any> | undefined {
  return (status?.conditions as Record<string, any>[] | undefined)?.find((c) => c.type === type);
}
