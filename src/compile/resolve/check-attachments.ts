import { selectorMatches } from '../../contracts/selector.js';
import type { Problem } from '../../contracts/problem.js';
import type { Estate } from '../../intent/estate.js';
import type { AllowedRoutes } from '../../intent/namespace-selector-schema.js';
import { admitsNamespace, consentRefusal, type ConsentResult } from './namespace-consent.js';
import type { ResolvedRoute } from './resolve-routes.js';
import { problemsFor } from '../problem-sink.js';

/**
 * Gateway API listener semantics: `All` admits every namespace, `Same` only the gateway's,
 * and `Selector` only namespaces whose labels match — the gateway's own included.
 */
export function gatewayAdmitsRoute(
  allowedRoutes: AllowedRoutes | undefined,
  gatewayNamespace: string,
  routeNamespace: string,
  namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>,
): ConsentResult {
  const ns = allowedRoutes?.namespaces;
  const from = ns?.from ?? 'All';
  if (from === 'All') return { allowed: true };
  if (from === 'Same') {
    return routeNamespace === gatewayNamespace
      ? { allowed: true }
      : { allowed: false, reason: 'its allowedRoutes admits only its own namespace (from: Same)' };
  }
  // The intent schema requires a selector with from: Selector; without one, nothing is admitted.
  const selector = ns?.selector;
  if (!selector) return { allowed: false, reason: 'its allowedRoutes.namespaces has from: Selector but no selector' };
  const labels = namespaceLabels.get(routeNamespace);
  if (!labels) return { unknownNamespace: routeNamespace };
  return selectorMatches(selector, labels)
    ? { allowed: true }
    : { allowed: false, reason: `namespace ${routeNamespace} does not match allowedRoutes.namespaces.selector` };
}

/**
 * The owner-consent handshakes of a route: its gateway must admit the route's namespace, and
 * a ToolServer in another namespace must admit it too. Rejected routes are reported, naming
 * both sides and the rule that failed, and dropped.
 */
export function checkAttachments(routes: readonly ResolvedRoute[], estate: Estate, problems: Problem[]): ResolvedRoute[] {
  const labels = new Map(estate.namespaces.map((n) => [n.name, n.labels]));
  return routes.filter((r) => {
    const report = problemsFor(r.route, problems);
    const subject = `routes from namespace ${r.route.namespace}`;
    const gw = r.gateway.intent;
    if (gw) {
      const c = gatewayAdmitsRoute(gw.spec.allowedRoutes, gw.namespace, r.route.namespace, labels);
      const refusal = consentRefusal(c, `ToolGateway ${gw.namespace}/${gw.name}`, subject, 'spec.allowedRoutes');
      if (refusal) {
        report.error('spec.toolGatewayRef', refusal);
        return false;
      }
    }
    const ts = r.toolServer;
    if (ts) {
      const c = admitsNamespace(ts.spec.allowedNamespaces, ts.namespace, r.route.namespace, labels);
      const refusal = consentRefusal(c, `ToolServer ${ts.namespace}/${ts.name}`, subject, 'spec.allowedNamespaces');
      if (refusal) {
        // A URL naming the server's Service is held to the same consent as a reference to it.
        if (r.route.spec.upstream.external) {
          report.error(
            'spec.upstream.external.url',
            `reaches ToolServer ${ts.namespace}/${ts.name} through its Service, which counts as toolServerRef: ${refusal}`,
          );
        } else {
          report.error('spec.upstream.toolServerRef', refusal);
        }
        return false;
      }
    }
    return true;
  });
}
