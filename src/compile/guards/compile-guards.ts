import type { Problem } from '../../contracts/problem.js';
import type { AnyIntent, Estate, GuardIntent, GuardrailProviderIntent } from '../../intent/estate.js';
import type { ObjectReference } from '../../intent/common-schemas.js';
import type { Manifest } from '../../contracts/manifest.js';
import { renderAdapterConfig } from './adapter-config.js';
import { guardWeakenings } from './guard-weakenings.js';
import { checkDerivedName } from '../resolve/derived-name.js';
import {
  adapterName,
  compileAdapterConfigMap,
  compileAdapterDeployment,
  compileAdapterDisruptionBudget,
  compileAdapterService,
} from './guard-adapter.js';
import { compileAdapterReferenceGrant, compileGuardrailPolicy, type GuardAttachment } from './guardrail-policy.js';
import { provenanceLabels } from '../labels.js';
import { problemsFor } from '../problem-sink.js';
import { admitsNamespace, consentRefusal } from '../resolve/namespace-consent.js';
import { RefTargets, refNamespace, resolveRef } from '../resolve/resolve-ref.js';
import { routeObjectName } from '../routes/route-backend.js';
import { checkGuardOverrides, type GatewayGuard, type RouteGuard } from './route-guard-override.js';
import type { ResolvedRoute } from '../resolve/resolve-routes.js';
import { importHint, type FrontDoor } from '../resolve/import-hint.js';

const key = (ns: string, name: string) => `${ns}/${name}`;

interface Use {
  readonly consumer: AnyIntent;
  readonly attachment: GuardAttachment;
  /** The gateway whose proxy calls the adapter. */
  readonly gateway: { readonly name: string; readonly namespace: string };
}

/** A Guard that compiled: who calls its adapter and what the adapter calls. */
export type CompiledGuard = LocalGuard | ImportedGuard;

export interface LocalGuard {
  readonly guard: GuardIntent;
  readonly gateways: readonly { readonly name: string; readonly namespace: string }[];
  readonly providerUrl: string;
  /** The provider `providerUrl` is of; its `presidio.targetPort` narrows the adapter's egress. */
  readonly provider: GuardrailProviderIntent;
  readonly imported?: false;
}

/**
 * A Guard another pipeline owns and compiles: its adapter, NetworkPolicy and ReferenceGrant are
 * its owner's; here only the gateways that call it need an edge to it.
 */
export interface ImportedGuard {
  readonly guard: GuardIntent;
  readonly gateways: readonly { readonly name: string; readonly namespace: string }[];
  readonly imported: true;
}

/** Guards and providers owned by other pipelines. */
export interface ImportedGuards {
  readonly guards: readonly GuardIntent[];
  readonly guardrailProviders: readonly GuardrailProviderIntent[];
}

/**
 * Guards compile only where a ToolGateway or ToolRoute uses them (the operator gave every Guard
 * in the cluster an adapter), and only where the Guard's owner consents to the consumer's
 * namespace. A route's own guard adds to its gateway's, or replaces it where the gateway's
 * owner allows (see route-guard-override.ts).
 */
export function compileGuards(
  estate: Estate,
  routes: readonly ResolvedRoute[],
  adapterImage: string,
  problems: Problem[],
  emit: (m: Manifest, from: AnyIntent) => void,
  imported: ImportedGuards = { guards: [], guardrailProviders: [] },
  frontDoor?: FrontDoor,
): CompiledGuard[] {
  const compiled: CompiledGuard[] = [];
  // Later entries win: a Guard or provider defined here wins over an import of the same name.
  const guards = new RefTargets('Guard', [...imported.guards, ...estate.guards], importHint('Guard', frontDoor));
  const providers = new RefTargets('GuardrailProvider', [...imported.guardrailProviders, ...estate.guardrailProviders]);
  const importedGuards = new Set<GuardIntent>(imported.guards);
  const namespaceLabels = new Map(estate.namespaces.map((n) => [n.name, n.labels]));
  const uses = new Map<string, { guard: GuardIntent; uses: Use[] }>();

  /** The one guard `refs` names, if it resolves and its owner admits the consumer's namespace. */
  const resolveGuard = (consumer: AnyIntent, refs: readonly ObjectReference[] | undefined, slot: 'gateway' | 'route') => {
    if (!refs || refs.length === 0) return undefined;
    const report = problemsFor(consumer, problems);
    if (refs.length > 1) {
      report.error('spec.guardrails', `lists ${refs.length} guards, but agentgateway has one ext_proc slot per ${slot}; list one`);
      return undefined;
    }
    const [ref] = refs;
    const guard = ref && resolveRef(ref, guards, report, 'spec.guardrails[0]');
    if (!guard) return undefined;
    const consent = admitsNamespace(guard.spec.allowedNamespaces, guard.namespace, consumer.namespace, namespaceLabels);
    const refusal = consentRefusal(
      consent,
      `Guard ${guard.namespace}/${guard.name}`,
      `namespace ${consumer.namespace}`,
      'spec.allowedNamespaces',
    );
    if (refusal) {
      report.error('spec.guardrails[0]', refusal);
      return undefined;
    }
    return guard;
  };
  const record = (guard: GuardIntent, u: Use) => {
    const entry = uses.get(key(guard.namespace, guard.name)) ?? { guard, uses: [] };
    entry.uses.push(u);
    uses.set(key(guard.namespace, guard.name), entry);
  };

  for (const provider of estate.guardrailProviders) {
    // Accepting the reference and dropping it, as the operator did, would leave Presidio
    // unauthenticated while the intent says otherwise.
    for (const field of ['presidio', 'openaiModeration'] as const) {
      if (provider.spec[field]?.apiKeySecretRef) {
        problemsFor(provider, problems).error(
          `spec.${field}.apiKeySecretRef`,
          'cannot be honoured: the guardrail adapter sends no API key to its provider (it has no setting for one); remove it, and protect the provider with a NetworkPolicy that admits only the adapter, which the compiler emits for you',
        );
      }
    }
  }

  const gatewayGuards = new Map<string, GatewayGuard>();
  for (const tg of estate.toolGateways) {
    const guard = resolveGuard(tg, tg.spec.guardrails, 'gateway');
    if (guard) gatewayGuards.set(key(tg.namespace, tg.name), { gateway: tg, guard });
  }
  const routeGuards: RouteGuard[] = [];
  for (const r of routes) {
    const guard = resolveGuard(r.route, r.route.spec.guardrails, 'route');
    if (guard) routeGuards.push({ route: r, guard });
    else if (r.route.spec.guardrailPolicy?.mode === 'Replace' && !r.route.spec.guardrails?.length) {
      problemsFor(r.route, problems).error(
        'spec.guardrailPolicy.mode',
        "\"Replace\" replaces the gateway's guard with this route's own, but spec.guardrails lists none; name the route's guard there, or leave guardrailPolicy out",
      );
    }
  }
  const { replaced } = checkGuardOverrides(gatewayGuards, routeGuards, problems);

  for (const [gatewayKey, { gateway: tg, guard }] of gatewayGuards) {
    record(guard, {
      consumer: tg,
      attachment: {
        policyName: `${tg.name}-guardrail`,
        namespace: tg.namespace,
        targetKind: 'Gateway',
        targetName: tg.name,
        labels: provenanceLabels({ toolGateway: tg }),
        // Before routing, no route's policy can displace it; after routing, a route's own guard
        // takes its place, which only the owner's routeOverride: Allow permits.
        beforeRouting: !replaced.has(gatewayKey),
      },
      gateway: tg,
    });
  }
  for (const { route: r, guard } of routeGuards) {
    const name = routeObjectName(r);
    record(guard, {
      consumer: r.route,
      attachment: {
        policyName: `${name}-guardrail`,
        namespace: r.route.namespace,
        targetKind: 'HTTPRoute',
        targetName: name,
        labels: provenanceLabels({ toolGateway: r.gateway, toolRoute: r.route.name }),
        beforeRouting: false,
      },
      gateway: r.gateway,
    });
  }

  // A Guard that admits gateways of other pipelines compiles for them even when nothing here uses it.
  for (const g of estate.guards) {
    if ((g.spec.allowedGateways ?? []).length > 0 && !uses.has(key(g.namespace, g.name)))
      uses.set(key(g.namespace, g.name), { guard: g, uses: [] });
  }

  for (const { guard, uses: list } of uses.values()) {
    if (importedGuards.has(guard)) {
      // The owner compiles the adapter; the policies here point at its Service as if it were ours.
      for (const u of list) {
        checkDerivedName(u.attachment.policyName, 'guardrail AgentgatewayPolicy', u.consumer, problems);
        emit(compileGuardrailPolicy(u.attachment, guard), u.consumer);
      }
      compiled.push({ guard, gateways: list.map((u) => u.gateway), imported: true });
      continue;
    }
    const report = problemsFor(guard, problems);
    const provider = resolveRef(guard.spec.providerRef, providers, report, 'spec.providerRef');
    if (!provider) continue;
    if (adapterImage.trim() === '') {
      // The operator's AdapterNotConfigured, at build time.
      report.error(
        'spec',
        'the guardrail adapter image is empty; set guardrailAdapterImage (--guardrail-adapter-image) or leave it at its default',
      );
      continue;
    }
    const { config, problems: configProblems } = renderAdapterConfig(guard, provider);
    for (const p of configProblems) report.error(p.field, p.message);
    for (const w of guardWeakenings(guard)) report.warning(w.field, w.message);
    // A config is rendered only for a provider with a baseUrl.
    const providerUrl = provider.spec.presidio?.baseUrl;
    if (!config || providerUrl === undefined) continue;
    checkDerivedName(adapterName(guard), 'adapter Service', guard, problems, true);
    emit(compileAdapterConfigMap(guard, config), guard);
    emit(compileAdapterDeployment(guard, config, adapterImage), guard);
    emit(compileAdapterService(guard), guard);
    if (guard.spec.replicas > 1) emit(compileAdapterDisruptionBudget(guard), guard);
    for (const u of list) {
      checkDerivedName(u.attachment.policyName, 'guardrail AgentgatewayPolicy', u.consumer, problems);
      emit(compileGuardrailPolicy(u.attachment, guard), u.consumer);
    }
    // Gateways of other pipelines attach it at gateway level, with their policy in their own namespace.
    const admitted = (guard.spec.allowedGateways ?? []).map((ref) => ({ name: ref.name, namespace: refNamespace(ref, guard) }));
    const foreign = [...new Set([...list.map((u) => u.attachment.namespace), ...admitted.map((g) => g.namespace)])].filter(
      (ns) => ns !== guard.namespace,
    );
    if (foreign.length > 0) emit(compileAdapterReferenceGrant(guard, foreign), guard);
    const gateways = new Map([...list.map((u) => u.gateway), ...admitted].map((g) => [key(g.namespace, g.name), g]));
    compiled.push({ guard, gateways: [...gateways.values()], providerUrl, provider });
  }
  return compiled;
}
