import type { Problem } from '../diagnostics/problem.js';
import { idOf, type AnyIntent, type Estate, type GuardIntent, type ToolGatewayIntent } from '../intent/estate.js';
import type { EmittedObject, Manifest } from '../output/manifest.js';
import { renderAdapterConfig } from './adapter-config.js';
import { resolveCompileOptions, type CompileOptions } from './compile-options.js';
import { checkDerivedName } from './derived-name.js';
import { compileGateway } from './gateway.js';
import { compileGatewayParameters } from './gateway-parameters.js';
import { adapterName, compileAdapterConfigMap, compileAdapterDeployment, compileAdapterService } from './guard-adapter.js';
import { compileAdapterReferenceGrant, compileGuardrailPolicy } from './guardrail-policy.js';
import { compileHttpRoute } from './http-route.js';
import { resolveRoutes, type GatewayTarget } from './resolve-routes.js';
import { compileRouteBackend, routeObjectName } from './route-backend.js';
import { celSyntaxError, toolFilterExpression, toolPatternProblem } from './tool-filter-cel.js';
import { compileToolFilterPolicy } from './tool-filter-policy.js';
import { compileToolServerDeployment, compileToolServerService } from './tool-server-workload.js';

export interface CompileInput {
  readonly estate: Estate;
  /** Gateways owned by another pipeline that routes here may attach to; nothing is emitted for them. */
  readonly importedGateways?: readonly GatewayTarget[];
  readonly options?: CompileOptions;
}

export interface Compilation {
  /** Empty when there is any error: output is all or nothing. */
  readonly objects: readonly EmittedObject[];
  readonly problems: readonly Problem[];
}

const key = (ns: string, name: string) => `${ns}/${name}`;

/**
 * Compiles an Estate into Kubernetes objects. Pure: no I/O, and the result depends only on the
 * estate's content (it is sorted), so both front doors give byte-identical output.
 */
export function compileEstate(input: CompileInput): Compilation {
  const { estate } = input;
  const options = resolveCompileOptions(input.options);
  const problems: Problem[] = [];
  const objects: EmittedObject[] = [];
  const emit = (manifest: Manifest, from: AnyIntent) =>
    objects.push({ manifest, provenance: { intent: idOf(from), origin: from.origin } });

  for (const tg of estate.toolGateways) {
    emit(compileGateway(tg), tg);
    emit(compileGatewayParameters(tg, problems), tg);
  }

  compileGuards(estate, options.guardrailAdapterImage, problems, emit);

  for (const r of resolveRoutes(estate, input.importedGateways ?? [], options.clusterDomain, problems)) {
    const name = routeObjectName(r);
    checkDerivedName(name, 'HTTPRoute and AgentgatewayBackend', r.route, problems);
    emit(compileRouteBackend(r), r.route);
    emit(compileHttpRoute(r), r.route);

    const filter = r.route.spec.toolFilter;
    let patternsOk = true;
    for (const list of ['allow', 'deny'] as const) {
      for (const [i, pattern] of (filter?.[list] ?? []).entries()) {
        const issue = toolPatternProblem(pattern);
        if (issue) {
          patternsOk = false;
          problems.push({ severity: 'error', object: idOf(r.route), field: `spec.toolFilter.${list}[${i}]`, message: issue, origin: r.route.origin });
        }
      }
    }
    const expression = patternsOk ? toolFilterExpression(filter) : undefined;
    if (expression !== undefined) {
      const celError = celSyntaxError(expression);
      if (celError) {
        // Our translation produced invalid CEL: a bug here, not a user mistake, but still never written out.
        problems.push({ severity: 'error', object: idOf(r.route), field: 'spec.toolFilter', message: `internal error: the tool filter compiled to invalid CEL (${celError}); please report this`, origin: r.route.origin });
      } else {
        checkDerivedName(`${name}-toolfilter`, 'tool-filter AgentgatewayPolicy', r.route, problems);
        emit(compileToolFilterPolicy(r, expression), r.route);
      }
    }
  }

  for (const ts of estate.toolServers) {
    emit(compileToolServerDeployment(ts), ts);
    emit(compileToolServerService(ts), ts);
  }

  reportCollisions(objects, problems);
  const failed = problems.some((p) => p.severity === 'error');
  return { objects: failed ? [] : objects, problems };
}

/**
 * Guards compile only where a ToolGateway uses them: the operator gave every Guard in the
 * cluster an adapter, referenced or not.
 */
function compileGuards(
  estate: Estate,
  adapterImage: string,
  problems: Problem[],
  emit: (m: Manifest, from: AnyIntent) => void,
): void {
  const guards = new Map(estate.guards.map((g) => [key(g.namespace, g.name), g]));
  const providers = new Map(estate.guardrailProviders.map((p) => [key(p.namespace, p.name), p]));
  const users = new Map<string, { guard: GuardIntent; gateways: ToolGatewayIntent[] }>();

  for (const tg of estate.toolGateways) {
    const refs = tg.spec.guardrails ?? [];
    if (refs.length === 0) continue;
    if (refs.length > 1) {
      problems.push({
        severity: 'error',
        object: idOf(tg),
        field: 'spec.guardrails',
        message: `lists ${refs.length} guards, but agentgateway has one ext_proc slot per gateway; list one`,
        origin: tg.origin,
      });
      continue;
    }
    const ref = refs[0];
    const ns = ref.namespace ?? tg.namespace;
    const guard = guards.get(key(ns, ref.name));
    if (!guard) {
      problems.push({ severity: 'error', object: idOf(tg), field: 'spec.guardrails[0]', message: `Guard ${ns}/${ref.name} is not defined in this input`, origin: tg.origin });
      continue;
    }
    const entry = users.get(key(guard.namespace, guard.name)) ?? { guard, gateways: [] };
    entry.gateways.push(tg);
    users.set(key(guard.namespace, guard.name), entry);
  }

  for (const { guard, gateways } of users.values()) {
    const pref = guard.spec.providerRef;
    const pns = pref.namespace ?? guard.namespace;
    const provider = providers.get(key(pns, pref.name));
    if (!provider) {
      problems.push({ severity: 'error', object: idOf(guard), field: 'spec.providerRef', message: `GuardrailProvider ${pns}/${pref.name} is not defined in this input`, origin: guard.origin });
      continue;
    }
    const { config, problems: configProblems } = renderAdapterConfig(guard, provider);
    for (const p of configProblems) problems.push({ severity: 'error', object: idOf(guard), field: p.field, message: p.message, origin: guard.origin });
    if (!config) continue;
    checkDerivedName(adapterName(guard), 'adapter Service', guard, problems, true);
    emit(compileAdapterConfigMap(guard, config), guard);
    emit(compileAdapterDeployment(guard, config, adapterImage), guard);
    emit(compileAdapterService(guard), guard);
    for (const tg of gateways) emit(compileGuardrailPolicy(tg, guard), tg);
    const foreign = [...new Set(gateways.map((g) => g.namespace).filter((ns) => ns !== guard.namespace))];
    if (foreign.length > 0) emit(compileAdapterReferenceGrant(guard, foreign), guard);
  }
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
