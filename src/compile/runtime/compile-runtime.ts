import type { Problem } from '../../contracts/problem.js';
import { idOf, type Estate } from '../../intent/estate.js';
import type { EmittedObject } from '../../contracts/manifest.js';
import type { ResolvedCompileOptions } from '../compile-options.js';
import { compileIntentCrds } from './intent-crds.js';
import type { RuntimeAssets } from './runtime-assets.js';
import { compileReconcilerDisruptionBudget } from './reconciler-disruption-budget.js';
import { compileReconcilerLeaseRole, compileReconcilerLeaseRoleBinding } from './reconciler-lease-rbac.js';
import { compileReconcilerMetricsService } from './reconciler-metrics-service.js';
import { compileReconcilerNetworkPolicy } from './reconciler-network-policy.js';
import { compileReconcilerServiceMonitor } from './reconciler-service-monitor.js';
import { DEFAULT_RECONCILER_NODE_IMAGE, type ResolvedReconcilerOptions } from './reconciler-options.js';
import {
  compileReconcilerRole,
  compileReconcilerRoleBinding,
  compileReconcilerServiceAccount,
  RECONCILER_NAME,
} from './reconciler-rbac.js';
import { reconcilerScaleProblems } from './reconciler-scale-problems.js';
import {
  compileBundleConfigMap,
  compilePlanConfigMap,
  compileReconcilerDeployment,
  RECONCILER_HEALTH_PORT,
} from './reconciler-workload.js';
import { valueText } from '../../contracts/value-text.js';
import { nameProblem } from '../../contracts/names.js';
import type { ResolvedRoute } from '../resolve/resolve-routes.js';
import { planReconciler } from './runtime-plan.js';
import type { ResolvedToolSet } from '../toolsets/resolve-tool-sets.js';
import type { CarrierKind } from '../../contracts/api-group.js';
import { compileStatusCarrier, compileToolGatewayClass, type CarrierIntent } from './status-carriers.js';

export interface RuntimeInput {
  readonly estate: Estate;
  readonly routes: readonly ResolvedRoute[];
  /** ToolSets that compiled: each gets a carrier and a plan entry. */
  readonly toolSets?: readonly ResolvedToolSet[];
  /** Everything compiled so far: the plan reads which objects each intent became off it. */
  readonly objects: readonly EmittedObject[];
  readonly options: ResolvedCompileOptions;
  /** The bundle and upstream schemas, loaded by the caller; compile reads no files. */
  readonly assets: RuntimeAssets;
}

/**
 * The runtime half of the output: the status carriers (ToolGateway, ToolRoute, Guard and
 * GuardrailProvider objects), our ToolGatewayClass, the CRDs of those kinds, and the reconciler
 * that writes their status (plan, bundle, Deployment, ServiceAccount, per-namespace Role and
 * RoleBinding, the Role and RoleBinding of its Leases, a PodDisruptionBudget with more than one
 * replica, NetworkPolicy). Nothing is emitted for an estate with nothing to report on
 * (no gateway, route or guard), or when `reconciler.enabled` is false.
 */
export function compileRuntime(input: RuntimeInput, problems: Problem[]): EmittedObject[] {
  const { estate, options, assets } = input;
  const o = options.reconciler;
  if (!o.enabled) return [];
  if (estate.toolGateways.length + estate.toolRoutes.length + estate.guards.length === 0) return [];
  const scale = reconcilerScaleProblems(o);
  if (scale.length > 0) {
    problems.push(...scale);
    return [];
  }

  const out: EmittedObject[] = [];
  const carriers: CarrierIntent[] = [
    ...estate.toolGateways,
    ...estate.toolRoutes,
    ...estate.guards,
    ...estate.guardrailProviders,
    ...(estate.toolSets ?? []),
  ];
  const gatewayOf = new Map(input.routes.map((r) => [r.route, { name: r.gateway.name, namespace: r.gateway.namespace }]));
  for (const c of carriers) {
    const context = {
      crdsElsewhere: !o.crds,
      gateway: c.kind === 'ToolRoute' ? gatewayOf.get(c) : undefined,
      upstreamSpec: assets.upstreamSpecSchemas[c.kind],
    };
    out.push({ manifest: compileStatusCarrier(c, context, problems), provenance: { intent: idOf(c), origin: c.origin } });
  }
  out.push({ manifest: compileToolGatewayClass() });
  // The ToolSet CRD only ships with ToolSets, so estates without them keep their output.
  const kinds = (estate.toolSets ?? []).length > 0 ? undefined : (kind: CarrierKind) => kind !== 'ToolSet';
  if (o.crds) for (const crd of compileIntentCrds(assets.upstreamSpecSchemas, kinds)) out.push({ manifest: crd });

  const ns = o.namespace;
  const plan = {
    ...planReconciler(estate, input.routes, input.objects, options.clusterDomain, input.toolSets),
    leases: { namespace: ns, name: RECONCILER_NAME, shards: o.shards, replicas: o.replicas },
  };
  const bundle = o.image === undefined ? assets.bundle() : undefined;
  out.push({ manifest: compilePlanConfigMap(plan, ns) });
  if (bundle) out.push({ manifest: compileBundleConfigMap(bundle, ns) });
  const image = o.image ?? DEFAULT_RECONCILER_NODE_IMAGE;
  out.push({ manifest: compileReconcilerDeployment({ namespace: ns, plan, bundle, image, replicas: o.replicas }) });
  if (o.replicas > 1) out.push({ manifest: compileReconcilerDisruptionBudget(ns) });
  out.push({ manifest: compileReconcilerServiceAccount(ns) });
  out.push({ manifest: compileReconcilerLeaseRole(plan.leases) });
  out.push({ manifest: compileReconcilerLeaseRoleBinding(plan.leases) });
  for (const pn of plan.namespaces) {
    out.push({ manifest: compileReconcilerRole(pn) });
    out.push({ manifest: compileReconcilerRoleBinding(pn, ns) });
  }
  if (o.serviceMonitor) {
    out.push({ manifest: compileReconcilerMetricsService(ns) });
    out.push({ manifest: compileReconcilerServiceMonitor(ns) });
  }
  if (options.network.enabled) {
    out.push({ manifest: compileReconcilerNetworkPolicy(plan, ns, options.network, o.apiServerCidrs, o.metricsFrom) });
    problems.push(...metricsIngressProblems(o.metricsFrom, o.serviceMonitor));
  }
  return out;
}

/** Opening the reconciler to scrapers is a weakening, so it is said; a ServiceMonitor nobody may reach, too. */
function metricsIngressProblems(metricsFrom: ResolvedReconcilerOptions['metricsFrom'], serviceMonitor: boolean): Problem[] {
  const problems: Problem[] = [];
  metricsFrom.forEach((m, i) => {
    const bad = nameProblem(m.namespace, 'dns1123-label');
    if (bad) problems.push({ severity: 'error', field: `reconciler.metricsFrom[${i}].namespace`, message: `${bad}; it names a namespace` });
  });
  problems.push(
    ...metricsFrom.map((m, i): Problem => ({
      severity: 'warning',
      field: `reconciler.metricsFrom[${i}]`,
      message: `the reconciler's NetworkPolicy admits pods in namespace ${valueText(m.namespace)}${
        m.podLabels && Object.keys(m.podLabels).length > 0 ? ` labelled ${valueText(m.podLabels)}` : ''
      } to its health port ${RECONCILER_HEALTH_PORT} (/metrics, /healthz, /readyz)`,
    })),
  );
  if (serviceMonitor && metricsFrom.length === 0) {
    problems.push({
      severity: 'warning',
      field: 'reconciler.serviceMonitor',
      message: `the reconciler's NetworkPolicy admits no ingress, so the ServiceMonitor's scrapes of port ${RECONCILER_HEALTH_PORT} will be refused; name Prometheus's namespace in reconciler.metricsFrom (--reconciler-metrics-from)`,
    });
  }
  return problems;
}
