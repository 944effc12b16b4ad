import type { Problem } from '../../contracts/problem.js';
import type { Estate, ToolSetIntent } from '../../intent/estate.js';
import { checkDerivedName } from '../resolve/derived-name.js';
import { problemsFor } from '../problem-sink.js';
import { gatewayAdmitsRoute } from '../resolve/check-attachments.js';
import { admitsNamespace, consentRefusal } from '../resolve/namespace-consent.js';
import { refNamespace } from '../resolve/resolve-ref.js';
import type { GatewayTarget, ResolvedRoute } from '../resolve/resolve-routes.js';
import { compileRouteAccess } from '../routes/route-access.js';
import { toolSetTargetName } from './tool-set-target-name.js';

/** A ToolSet member: its resolved route, backend target name and access expression. */
export interface ToolSetMember {
  readonly route: ResolvedRoute;
  readonly target: string;
  readonly expression?: string;
}

export interface ResolvedToolSet {
  readonly toolSet: ToolSetIntent;
  readonly gateway: GatewayTarget;
  readonly members: readonly ToolSetMember[];
}

/** `<tg>-<toolset>`: the name of a ToolSet's backend, HTTPRoute and tool policy (with a suffix). */
export function toolSetObjectName(s: { readonly gateway: { readonly name: string }; readonly toolSet: { readonly name: string } }): string {
  return `${s.gateway.name}-${s.toolSet.name}`;
}

/**
 * Resolves every ToolSet's members among the routes compiled here and checks what including
 * them means: the route's owner consents (`spec.allowedToolSets`), the route is served on the
 * ToolSet's gateway (so the gateway's authentication, guard and NetworkPolicy egress to the
 * upstream already apply), it has no guard of its own (which agentgateway attaches to the
 * route's HTTPRoute, not the ToolSet's), a member from another namespace reads no Secret or
 * ConfigMap (agentgateway reads those in the backend's namespace, the ToolSet's), and target
 * names are unique. A ToolSet with any problem is dropped.
 */
export function resolveToolSets(estate: Estate, routes: readonly ResolvedRoute[], problems: Problem[]): ResolvedToolSet[] {
  const labels = new Map(estate.namespaces.map((n) => [n.name, n.labels]));
  const resolvedByKey = new Map(routes.map((r) => [`${r.route.namespace}/${r.route.name}`, r]));
  const defined = new Set(estate.toolRoutes.map((r) => `${r.namespace}/${r.name}`));
  const gateways = new Map<string, GatewayTarget>();
  for (const r of routes) gateways.set(`${r.gateway.namespace}/${r.gateway.name}`, r.gateway);
  for (const g of estate.toolGateways) gateways.set(`${g.namespace}/${g.name}`, { name: g.name, namespace: g.namespace, intent: g });

  const out: ResolvedToolSet[] = [];
  for (const ts of estate.toolSets ?? []) {
    const report = problemsFor(ts, problems);
    const before = problems.length;
    const self = `ToolSet ${ts.namespace}/${ts.name}`;
    const ref = ts.spec.toolGatewayRef;
    const gatewayKey = `${refNamespace(ref, ts)}/${ref.name}`;
    const gateway = gateways.get(gatewayKey);
    if (ref.kind !== undefined && ref.kind !== 'ToolGateway') {
      report.error('spec.toolGatewayRef.kind', `${JSON.stringify(ref.kind)} is not allowed; allowed: "ToolGateway" (or leave it out)`);
    } else if (!gateway) {
      report.error(
        'spec.toolGatewayRef',
        `ToolGateway ${gatewayKey} is not defined in this input, and no route compiled here is served on it; a ToolSet serves routes of its own gateway`,
      );
    } else if (gateway.intent) {
      const refusal = consentRefusal(
        gatewayAdmitsRoute(gateway.intent.spec.allowedRoutes, gateway.namespace, ts.namespace, labels),
        `ToolGateway ${gatewayKey}`,
        `routes from namespace ${ts.namespace}`,
        'spec.allowedRoutes',
      );
      if (refusal) report.error('spec.toolGatewayRef', refusal);
    }

    const members: ToolSetMember[] = [];
    const byTarget = new Map<string, { index: number; key: string }>();
    for (const [i, m] of ts.spec.routes.entries()) {
      const field = `spec.routes[${i}]`;
      const key = `${m.namespace ?? ts.namespace}/${m.name}`;
      const route = `ToolRoute ${key}`;
      const r = resolvedByKey.get(key);
      if (!r) {
        if (!defined.has(key)) {
          report.error(field, `${route} is not defined in this input; a ToolSet includes routes compiled with it`);
        } else if (
          !problems.some(
            (p) => p.severity === 'error' && p.object?.kind === 'ToolRoute' && `${p.object.namespace}/${p.object.name}` === key,
          )
        ) {
          report.error(field, `${route} is not compiled here (its gateway is another controller's), so ${self} cannot include it`);
        }
        continue;
      }
      const consent = admitsNamespace(r.route.spec.allowedToolSets, r.route.namespace, ts.namespace, labels, 'allowedToolSets');
      const refusal = consentRefusal(consent, route, `ToolSets from namespace ${ts.namespace} (${self})`, 'spec.allowedToolSets');
      if (refusal) {
        report.error(field, refusal);
        continue;
      }
      if (gateway && (r.gateway.namespace !== gateway.namespace || r.gateway.name !== gateway.name)) {
        report.error(
          field,
          `${route} is served on ToolGateway ${r.gateway.namespace}/${r.gateway.name}, not on the ToolSet's ${gatewayKey}; a ToolSet includes routes of its own gateway only, so that the gateway's authentication, guard and network policy that the route was built for still apply`,
        );
        continue;
      }
      if ((r.route.spec.guardrails ?? []).length > 0) {
        report.error(
          field,
          `${route} has a guard of its own (spec.guardrails), which agentgateway runs on the route's HTTPRoute only; through ${self} its tools would be called unguarded, so remove the guard or leave the route out`,
        );
        continue;
      }
      if (r.route.spec.rateLimit) {
        report.error(
          field,
          `${route} has a rate limit of its own (spec.rateLimit), which agentgateway counts on the route's HTTPRoute only; through ${self} its upstream would be called without it, so set the limit on the ToolSet's spec.rateLimit and remove it from the route, or leave the route out`,
        );
        continue;
      }
      if (r.route.namespace !== ts.namespace) {
        const up = r.route.spec.upstream;
        const reads = [
          ...(up.auth?.secretRef ? ['Secret in spec.upstream.auth'] : []),
          ...(up.tls?.clientCertificateRef ? ['Secret in spec.upstream.tls.clientCertificateRef'] : []),
          ...(up.tls?.caCertificateRef ? ['ConfigMap in spec.upstream.tls.caCertificateRef'] : []),
        ];
        if (reads.length > 0) {
          report.error(
            field,
            `${route} reads a ${reads.join(' and a ')} of namespace ${r.route.namespace}, but agentgateway reads them in the namespace of the ToolSet's backend, ${ts.namespace}; put the ToolSet in namespace ${r.route.namespace}, or leave the route out`,
          );
          continue;
        }
      }
      const target = toolSetTargetName(r.route.name);
      const taken = byTarget.get(target);
      if (taken) {
        report.error(
          field,
          taken.key === key
            ? `${route} is listed twice (first at spec.routes[${taken.index}]); list each route once`
            : `${route} gets backend target name ${JSON.stringify(target)}, which ToolRoute ${taken.key} (spec.routes[${taken.index}]) has already; agentgateway needs unique target names, which are the route names, so rename one of the routes`,
        );
        continue;
      }
      byTarget.set(target, { index: i, key });
      // The route's own problems were reported when it compiled; only the expression is taken here.
      const access = compileRouteAccess(r.route, []);
      members.push({ route: r, target, ...(access.ok && access.expression !== undefined ? { expression: access.expression } : {}) });
    }
    if (gateway) checkDerivedName(toolSetObjectName({ gateway, toolSet: ts }), 'HTTPRoute and AgentgatewayBackend', ts, problems);
    if (gateway && !problems.slice(before).some((p) => p.severity === 'error')) out.push({ toolSet: ts, gateway, members });
  }
  return out;
}
