import * as k8s from '../../../imports/k8s.constants.js';
import { AgentgatewayBackend, AgentgatewayPolicy } from '../../../imports/agentgateway.dev.constants.js';
import { Gateway, HttpRoute } from '../../../imports/gateway.networking.k8s.io.constants.js';
import { INTENT_API_VERSION } from '../../contracts/api-group.js';
import { compareStrings } from '../../contracts/json.js';
import { byNamespaceAndName, type Estate } from '../../intent/estate.js';
import type { EmittedObject } from '../../contracts/manifest.js';
import type { ObjectKey, PlanNamespace, ReconcilerPlan, WatchedResource } from '../../contracts/reconciler-plan.js';
import { adapterName } from '../guards/guard-adapter.js';
import { routePath } from '../routes/http-route.js';
import { MANAGED_BY } from '../../contracts/labels.js';
import { routeObjectName } from '../routes/route-backend.js';
import type { ResolvedRoute } from '../resolve/resolve-routes.js';
import { refNamespace } from '../resolve/resolve-ref.js';
import { ManifestIndex } from './manifest-index.js';
import { toolSetObjectName, type ResolvedToolSet } from '../toolsets/resolve-tool-sets.js';
import { RECONCILER_CONTROLLER_NAME, TOOL_GATEWAY_CLASS_NAME } from './status-carriers.js';

const OURS = `app.kubernetes.io/managed-by=${MANAGED_BY}`;

type Kind =
  'ToolGateway' | 'ToolRoute' | 'ToolSet' | 'Guard' | 'Gateway' | 'HTTPRoute' | 'AgentgatewayBackend' | 'AgentgatewayPolicy' | 'Deployment';

/**
 * Every resource the reconciler may read; status carriers are the only ones it writes (their
 * `/status`). apiVersion and kind come from where the emitted objects get theirs.
 */
const RESOURCES: Record<Kind, Omit<WatchedResource, 'labelSelector'>> = {
  ToolGateway: { apiVersion: INTENT_API_VERSION, kind: 'ToolGateway', resource: 'toolgateways', writesStatus: true },
  ToolRoute: { apiVersion: INTENT_API_VERSION, kind: 'ToolRoute', resource: 'toolroutes', writesStatus: true },
  ToolSet: { apiVersion: INTENT_API_VERSION, kind: 'ToolSet', resource: 'toolsets', writesStatus: true },
  Guard: { apiVersion: INTENT_API_VERSION, kind: 'Guard', resource: 'guards', writesStatus: true },
  Gateway: { ...Gateway.GVK, resource: 'gateways', writesStatus: false },
  HTTPRoute: { ...HttpRoute.GVK, resource: 'httproutes', writesStatus: false },
  AgentgatewayBackend: { ...AgentgatewayBackend.GVK, resource: 'agentgatewaybackends', writesStatus: false },
  AgentgatewayPolicy: { ...AgentgatewayPolicy.GVK, resource: 'agentgatewaypolicies', writesStatus: false },
  Deployment: { ...k8s.KubeDeployment.GVK, resource: 'deployments', writesStatus: false },
};

/**
 * The reconciler's plan for an estate, from what the compiler resolved and emitted: which
 * gateway each route attaches to, which objects each intent compiled into (read off `objects`,
 * so the plan cannot disagree with the YAML), and per namespace which resources to watch.
 * Objects we emit are watched through our managed-by label; Gateways owned by another pipeline
 * (imported by name) are watched without it.
 */
export function planReconciler(
  estate: Estate,
  routes: readonly ResolvedRoute[],
  objects: readonly EmittedObject[],
  clusterDomain: string,
  toolSets: readonly ResolvedToolSet[] = [],
): ReconcilerPlan {
  const index = new ManifestIndex(objects.map((o) => o.manifest));
  const watches = new Map<string, Map<Kind, boolean>>();
  /** `ours`: only our labelled objects are of interest; false anywhere in a namespace widens that watch. */
  const watch = (namespace: string, kind: Kind, ours = true) => {
    const kinds = watches.get(namespace) ?? new Map<Kind, boolean>();
    kinds.set(kind, (kinds.get(kind) ?? true) && ours);
    watches.set(namespace, kinds);
  };

  const gateways = estate.toolGateways.map((tg) => {
    const policies = index.policiesTargeting(tg.namespace, 'Gateway', tg.name);
    watch(tg.namespace, 'ToolGateway');
    watch(tg.namespace, 'Gateway');
    if (policies.length > 0) watch(tg.namespace, 'AgentgatewayPolicy');
    const guards = (tg.spec.guardrails ?? []).map((g) => ({ namespace: refNamespace(g, tg), name: g.name }));
    return { namespace: tg.namespace, name: tg.name, policies, guards };
  });

  const planRoutes = [...routes]
    .sort((a, b) => byNamespaceAndName(a.route, b.route))
    .map((r) => {
      const name = routeObjectName(r);
      const policies = index.policiesTargeting(r.route.namespace, 'HTTPRoute', name);
      watch(r.route.namespace, 'ToolRoute');
      watch(r.route.namespace, 'HTTPRoute');
      watch(r.route.namespace, 'AgentgatewayBackend');
      if (policies.length > 0) watch(r.route.namespace, 'AgentgatewayPolicy');
      // A gateway owned elsewhere is not labelled ours, whether imported by name or as a document.
      watch(r.gateway.namespace, 'Gateway', r.gateway.intent !== undefined && r.gateway.imported !== true);
      const gateway: ObjectKey = { namespace: r.gateway.namespace, name: r.gateway.name };
      return {
        namespace: r.route.namespace,
        name: r.route.name,
        gateway,
        httpRoute: name,
        backend: name,
        policies,
        path: routePath(r.route),
      };
    });

  // A ToolSet's status is a route's: its own HTTPRoute, backend and policy on its gateway.
  const planToolSets = [...toolSets]
    .sort((a, b) => byNamespaceAndName(a.toolSet, b.toolSet))
    .map((s) => {
      const name = toolSetObjectName(s);
      const ns = s.toolSet.namespace;
      const policies = index.policiesTargeting(ns, 'HTTPRoute', name);
      watch(ns, 'ToolSet');
      watch(ns, 'HTTPRoute');
      watch(ns, 'AgentgatewayBackend');
      if (policies.length > 0) watch(ns, 'AgentgatewayPolicy');
      watch(s.gateway.namespace, 'Gateway', s.gateway.intent !== undefined && s.gateway.imported !== true);
      return {
        namespace: ns,
        name: s.toolSet.name,
        gateway: { namespace: s.gateway.namespace, name: s.gateway.name },
        httpRoute: name,
        backend: name,
        policies,
        path: routePath(s.toolSet),
        kind: 'ToolSet' as const,
      };
    });

  const guards = estate.guards.map((g) => {
    watch(g.namespace, 'Guard');
    const deployment = adapterName(g);
    if (!index.hasDeployment(g.namespace, deployment)) return { namespace: g.namespace, name: g.name };
    watch(g.namespace, 'Deployment');
    return { namespace: g.namespace, name: g.name, deployment };
  });

  const namespaces: PlanNamespace[] = [...watches.keys()].sort(compareStrings).map((name) => ({
    name,
    watches: [...(watches.get(name) as Map<Kind, boolean>).entries()]
      .map(([kind, ours]) => ({ ...RESOURCES[kind], ...(ours ? { labelSelector: OURS } : {}) }))
      .sort((a, b) => compareStrings(a.apiVersion, b.apiVersion) || compareStrings(a.kind, b.kind)),
  }));

  return {
    version: 1,
    controllerName: RECONCILER_CONTROLLER_NAME,
    gatewayClassName: TOOL_GATEWAY_CLASS_NAME,
    clusterDomain,
    namespaces,
    gateways,
    routes: [...planRoutes, ...planToolSets],
    guards,
  };
}
