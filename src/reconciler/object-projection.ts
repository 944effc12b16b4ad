import type { JsonObject } from '../contracts/json.js';
import type { KubeObject } from './kube-client.js';

/** A condition as status derivation reads it (no transition time). */
function slimConditions(list: unknown): JsonObject[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.map((c: JsonObject) => ({
    type: c.type,
    status: c.status,
    reason: c.reason,
    message: c.message,
    observedGeneration: c.observedGeneration,
  }));
}

/** The status fields derivation reads, per kind; carriers keep their whole status (it is compared and patched). */
function slimStatus(kind: string, s: JsonObject): unknown {
  switch (kind) {
    case 'Gateway':
      return { addresses: s.addresses, conditions: slimConditions(s.conditions) };
    case 'HTTPRoute':
      return {
        parents: Array.isArray(s.parents)
          ? s.parents.map((p: JsonObject) => {
              const ref = (p.parentRef ?? {}) as JsonObject;
              return { parentRef: { name: ref.name, namespace: ref.namespace }, conditions: slimConditions(p.conditions) };
            })
          : undefined,
      };
    case 'AgentgatewayPolicy':
      return {
        ancestors: Array.isArray(s.ancestors)
          ? s.ancestors.map((a: JsonObject) => ({ conditions: slimConditions(a.conditions) }))
          : undefined,
      };
    case 'AgentgatewayBackend':
      return { conditions: slimConditions(s.conditions) };
    case 'Deployment':
      return { availableReplicas: s.availableReplicas, conditions: slimConditions(s.conditions) };
    default:
      return s;
  }
}

/**
 * The part of a watched object the reconciler reads: identity, generation and status, plus the
 * few spec fields it needs (a Gateway's listeners, a ToolGateway's class). With a thousand
 * routes, HTTPRoutes and backends in the cache, keeping whole objects would dominate memory.
 */
export function project(kind: string, o: KubeObject): KubeObject {
  const { name, namespace, resourceVersion, generation } = o.metadata;
  const out: KubeObject = { metadata: { name, namespace, resourceVersion, generation } };
  if (o.status !== undefined && o.status !== null) out.status = slimStatus(kind, o.status as JsonObject);
  const spec = o.spec as JsonObject | undefined;
  if (kind === 'Gateway' && spec?.listeners) out.spec = { listeners: spec.listeners };
  if (kind === 'ToolGateway' && spec) out.spec = { toolGatewayClassName: spec.toolGatewayClassName };
  return out;
}
