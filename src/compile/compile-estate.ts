import type { Problem } from '../contracts/problem.js';
import { idOf, type AnyIntent, type Estate, type GuardIntent, type GuardrailProviderIntent } from '../intent/estate.js';
import type { FrontDoor } from './resolve/import-hint.js';
import type { EmittedObject, Manifest } from '../contracts/manifest.js';
import { resolveCompileOptions, type CompileOptions } from './compile-options.js';
import { checkDerivedName } from './resolve/derived-name.js';
import { compileGateway } from './gateways/gateway.js';
import { compileGatewayParameters } from './gateways/gateway-parameters.js';
import { checkAttachments } from './resolve/check-attachments.js';
import { compileClientAuthentication } from './gateways/client-authentication.js';
import { compileObservability } from './gateways/observability-policy.js';
import { compileGuards } from './guards/compile-guards.js';
import { compileHttpRoute } from './routes/http-route.js';
import { compileRuntime } from './runtime/compile-runtime.js';
import type { RuntimeAssets } from './runtime/runtime-assets.js';
import { compileNetworkPolicies } from './network/network-policies.js';
import { RECONCILER_NAME } from './runtime/reconciler-rbac.js';
import { productionModeProblems } from './routes/production-mode.js';
import { identityPassthroughProblems } from './routes/identity-passthrough.js';
import { resolveRoutes, type GatewayTarget, type ToolServerTarget } from './resolve/resolve-routes.js';
import { reportPrivilegedOptIns } from './resolve/privileged-opt-in.js';
import { gatewayOwnership } from './resolve/class-ownership.js';
import { compileRouteBackend, routeObjectName } from './routes/route-backend.js';
import { compileRouteToolFilter } from './routes/tool-filter-policy.js';
import { compileToolServerDeployment, compileToolServerService } from './workloads/tool-server-workload.js';
import { withSyncWaves } from './sync-waves.js';
import { compileGatewayRateLimit, compileRouteRateLimit, compileToolSetRateLimit } from './traffic/rate-limit-policy.js';
import { resolveToolSets } from './toolsets/resolve-tool-sets.js';
import { compileToolSetBackend, compileToolSetHttpRoute, compileToolSetPolicy } from './toolsets/compile-tool-set.js';

export interface CompileInput {
  readonly estate: Estate;
  /** Gateways owned by another pipeline that routes here may attach to; nothing is emitted for them. */
  readonly importedGateways?: readonly GatewayTarget[];
  /** Tool servers owned by another pipeline that routes here may point at; nothing is emitted for them. */
  readonly importedToolServers?: readonly ToolServerTarget[];
  /**
   * Guards owned by another pipeline that gateways and routes here may use: their guardrail
   * policies target the owner's adapter Service; nothing is emitted for the Guard itself.
   */
  readonly importedGuards?: readonly GuardIntent[];
  /** GuardrailProviders owned by another pipeline that Guards here may use; only read. */
  readonly importedGuardrailProviders?: readonly GuardrailProviderIntent[];
  /** Which front door the estate came through: messages then say how to import in its words. */
  readonly frontDoor?: FrontDoor;
  readonly options?: CompileOptions;
  /**
   * The reconciler bundle and the upstream CRD schemas the runtime half needs; compile reads no
   * files, so the caller loads them (buildOutput does, with src/app/runtime-assets.ts). Required
   * when the reconciler is enabled (the default); not read when it is disabled.
   */
  readonly runtimeAssets?: RuntimeAssets;
}

export interface Compilation {
  /** Empty when there is any error: output is all or nothing. */
  readonly objects: readonly EmittedObject[];
  readonly problems: readonly Problem[];
}

/**
 * Compiles an Estate into Kubernetes objects. Pure: no I/O, and the result depends only on the
 * estate's content (it is sorted) and the runtime assets, so both front doors give
 * byte-identical output.
 */
export function compileEstate(input: CompileInput): Compilation {
  const options = resolveCompileOptions(input.options);
  const assets = input.runtimeAssets;
  if (options.reconciler.enabled && !assets) {
    throw new Error(
      'compileEstate: the reconciler is enabled but no runtimeAssets were passed; pass runtimeAssets (src/app/runtime-assets.ts loads them) or set options.reconciler.enabled to false',
    );
  }
  const problems: Problem[] = [];
  const objects: EmittedObject[] = [];
  // Another controller's gateways are left to it: from here on, the estate holds only ours.
  const ownership = gatewayOwnership(input.estate, options.adoptToolGatewayClasses, problems);
  const estate: Estate = { ...input.estate, toolGateways: ownership.ours };
  const foreignGateways = [...ownership.foreign.values()].map(({ gateway, reason }) => ({
    name: gateway.name,
    namespace: gateway.namespace,
    foreign: reason,
  }));
  const emit = (manifest: Manifest, from: AnyIntent) => objects.push({ manifest, provenance: { intent: idOf(from), origin: from.origin } });

  for (const tg of estate.toolGateways) {
    emit(compileGateway(tg), tg);
    emit(compileGatewayParameters(tg, problems), tg);
    for (const m of compileClientAuthentication(tg, problems)) emit(m, tg);
    const rateLimit = compileGatewayRateLimit(tg, problems);
    if (rateLimit) emit(rateLimit, tg);
    for (const m of compileObservability(tg, problems)) emit(m, tg);
  }

  reportPrivilegedOptIns(estate, problems);
  const resolved = resolveRoutes(
    estate,
    { gateways: [...foreignGateways, ...(input.importedGateways ?? [])], toolServers: input.importedToolServers },
    options.clusterDomain,
    problems,
    input.frontDoor,
  );
  const routes = checkAttachments(resolved, estate, problems);
  const guards = compileGuards(
    estate,
    routes,
    options.guardrailAdapterImage,
    problems,
    emit,
    { guards: input.importedGuards ?? [], guardrailProviders: input.importedGuardrailProviders ?? [] },
    input.frontDoor,
  );

  for (const r of routes) {
    const name = routeObjectName(r);
    checkDerivedName(name, 'HTTPRoute and AgentgatewayBackend', r.route, problems);
    problems.push(...productionModeProblems(r, options.productionMode));
    problems.push(...identityPassthroughProblems(r));
    emit(compileRouteBackend(r), r.route);
    emit(compileHttpRoute(r), r.route);

    const filterPolicy = compileRouteToolFilter(r, problems);
    if (filterPolicy) emit(filterPolicy, r.route);
    const rateLimit = compileRouteRateLimit(r, problems);
    if (rateLimit) emit(rateLimit, r.route);
  }

  // After the routes: a ToolSet re-publishes routes that compiled, on their own gateway.
  const toolSets = resolveToolSets(estate, routes, problems);
  for (const s of toolSets) {
    emit(compileToolSetBackend(s), s.toolSet);
    emit(compileToolSetHttpRoute(s), s.toolSet);
    const policy = compileToolSetPolicy(s, problems);
    if (policy) emit(policy, s.toolSet);
    const rateLimit = compileToolSetRateLimit(s, problems);
    if (rateLimit) emit(rateLimit, s.toolSet);
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
    if (assets) objects.push(...compileRuntime({ estate, routes, toolSets, objects, options, assets }, problems));
  }

  reportCollisions(objects, problems);
  const failed = problems.some((p) => p.severity === 'error');
  return { objects: failed ? [] : withSyncWaves(objects), problems };
}

/**
 * Two intents that derive the same object name would overwrite each other in the cluster. The
 * problem is reported against an intent, so it names its file and line or construct path: the
 * status reconciler's objects come from no intent, and a clash with one of them is reported
 * against the intent on the other side.
 */
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
    const about = o.provenance ?? first.provenance;
    const other = o.provenance ? first.provenance : undefined;
    const derived = `${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`;
    const message = other
      ? `derives ${derived}, which ${other.intent.kind} ${other.intent.namespace}/${other.intent.name} derives too; rename one of them`
      : about
        ? `derives ${derived}, which synth also emits for the status reconciler; rename this ${about.intent.kind}: names starting with ${RECONCILER_NAME} in the reconciler's namespace are the reconciler's`
        : `the status reconciler's ${derived} is emitted twice; please report this`;
    problems.push({ severity: 'error', object: about?.intent, message, origin: about?.origin });
  }
}
