import type { Problem } from '../contracts/problem.js';
import { idOf, type AnyIntent, type Estate } from '../intent/estate.js';
import type { EmittedObject, Manifest } from '../contracts/manifest.js';
import { resolveCompileOptions, type CompileOptions } from './compile-options.js';
import { checkDerivedName } from './resolve/derived-name.js';
import { compileGateway } from './gateways/gateway.js';
import { compileGatewayParameters } from './gateways/gateway-parameters.js';
import { checkAttachments } from './resolve/check-attachments.js';
import { compileClientAuthentication } from './gateways/client-authentication.js';
import { compileGuards } from './guards/compile-guards.js';
import { compileHttpRoute } from './routes/http-route.js';
import { compileRuntime } from './runtime/compile-runtime.js';
import type { ReconcilerBundle } from '../app/reconciler-bundle.js';
import { compileNetworkPolicies } from './network/network-policies.js';
import { RECONCILER_NAME } from './runtime/reconciler-rbac.js';
import { productionModeProblems } from './routes/production-mode.js';
import { resolveRoutes, type GatewayTarget } from './resolve/resolve-routes.js';
import { compileRouteBackend, routeObjectName } from './routes/route-backend.js';
import { compileRouteToolFilter } from './routes/tool-filter-policy.js';
import { compileToolServerDeployment, compileToolServerService } from './workloads/tool-server-workload.js';

export interface CompileInput {
  readonly estate: Estate;
  /** Gateways owned by another pipeline that routes here may attach to; nothing is emitted for them. */
  readonly importedGateways?: readonly GatewayTarget[];
  readonly options?: CompileOptions;
  /**
   * Supplies the reconciler bundle that ships in a ConfigMap (tests pass a stand-in).
   * @default - built from src/reconciler with esbuild, once per process
   */
  readonly reconcilerBundle?: () => ReconcilerBundle;
}

export interface Compilation {
  /** Empty when there is any error: output is all or nothing. */
  readonly objects: readonly EmittedObject[];
  readonly problems: readonly Problem[];
}

/**
 * Compiles an Estate into Kubernetes objects. Pure: no I/O, and the result depends only on the
 * estate's content (it is sorted), so both front doors give byte-identical output. The one
 * exception is the reconciler bundle, built in memory (deterministically) unless supplied.
 */
export function compileEstate(input: CompileInput): Compilation {
  const { estate } = input;
  const options = resolveCompileOptions(input.options);
  const problems: Problem[] = [];
  const objects: EmittedObject[] = [];
  const emit = (manifest: Manifest, from: AnyIntent) => objects.push({ manifest, provenance: { intent: idOf(from), origin: from.origin } });

  for (const tg of estate.toolGateways) {
    emit(compileGateway(tg), tg);
    emit(compileGatewayParameters(tg, problems), tg);
    for (const m of compileClientAuthentication(tg, problems)) emit(m, tg);
  }

  const resolved = resolveRoutes(estate, input.importedGateways ?? [], options.clusterDomain, problems);
  const routes = checkAttachments(resolved, estate, problems);
  const guards = compileGuards(estate, routes, options.guardrailAdapterImage, problems, emit);

  for (const r of routes) {
    const name = routeObjectName(r);
    checkDerivedName(name, 'HTTPRoute and AgentgatewayBackend', r.route, problems);
    problems.push(...productionModeProblems(r, options.productionMode));
    emit(compileRouteBackend(r), r.route);
    emit(compileHttpRoute(r), r.route);

    const filterPolicy = compileRouteToolFilter(r, problems);
    if (filterPolicy) emit(filterPolicy, r.route);
  }

  for (const ts of estate.toolServers) {
    emit(compileToolServerDeployment(ts), ts);
    emit(compileToolServerService(ts), ts);
  }

  if (options.network.enabled) {
    const reconciler = options.reconciler.enabled
      ? { namespace: options.reconciler.namespace, podLabels: { 'app.kubernetes.io/name': RECONCILER_NAME } }
      : undefined;
    compileNetworkPolicies(
      { estate, routes, guards, clusterDomain: options.clusterDomain, options: options.network, reconciler },
      problems,
      emit,
    );
  }

  // Last: the runtime's plan is read off everything compiled before it.
  if (!problems.some((p) => p.severity === 'error')) {
    objects.push(...compileRuntime({ estate, routes, objects, options, bundle: input.reconcilerBundle }, problems));
  }

  reportCollisions(objects, problems);
  const failed = problems.some((p) => p.severity === 'error');
  return { objects: failed ? [] : objects, problems };
}

/** Two intents that derive the same object name would overwrite each other in the cluster. */
function reportCollisions(objects: readonly EmittedObject[], problems: Problem[]): void {
  const seen = new Map<string, EmittedObject>();
  for (const o of objects) {
    const m = o.manifest;
    const k = `${m.apiVersion}|${m.kind}|${m.metadata.namespace ?? ''}|${m.metadata.name}`;
    const first = seen.get(k);
    if (!first) {
      seen.set(k, o);
      continue;
    }
    const a = first.provenance?.intent;
    const b = o.provenance?.intent;
    problems.push({
      severity: 'error',
      object: b,
      message: `derives ${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}, which ${a ? `${a.kind} ${a.namespace}/${a.name}` : 'another object'} derives too; rename one of them`,
      origin: o.provenance?.origin,
    });
  }
}
