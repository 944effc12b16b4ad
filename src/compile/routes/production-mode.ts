import type { Problem } from '../../contracts/problem.js';
import type { ResolvedRoute } from '../resolve/resolve-routes.js';
import { hasUpstreamCredentials } from './upstream-security.js';
import { problemsFor } from '../problem-sink.js';

/**
 * True for a glob made only of wildcards (`*`, `**`, `?*`, `???`): it says nothing about which
 * tool it admits, so an upstream that adds a tool widens what the route exposes.
 */
export function isWildcardOnly(pattern: string): boolean {
  return pattern.length > 0 && /^[*?]+$/.test(pattern);
}

/** Whether production mode applies to a route: its own setting, else the app-wide default. */
export function productionModeOf(r: ResolvedRoute, appDefault: boolean): boolean {
  return r.route.spec.productionMode ?? appDefault;
}

/**
 * The production-mode refusals for one route (none when production mode is off). Each rule
 * has its own message, so a route that breaks three rules gets three lines and can be fixed in
 * one pass:
 *
 * 1. the upstream is reached over TLS (an https URL, or a tls block), and certificate
 *    verification is not switched off (`insecureSkipVerify: All`);
 * 2. the upstream gets a credential: a token from a Secret, or a client certificate (mTLS);
 * 3. the gateway authenticates its own clients (`authentication.jwt`);
 * 4. `toolFilter.allow` is not empty and has no wildcard-only pattern — pin the allowed tools
 *    explicitly so an upstream change cannot widen the exposed tool surface.
 */
export function productionModeProblems(r: ResolvedRoute, appDefault: boolean): Problem[] {
  if (!productionModeOf(r, appDefault)) return [];
  const problems: Problem[] = [];
  const route = r.route;
  const why =
    route.spec.productionMode === true
      ? 'production mode'
      : 'production mode (the app-wide default; set spec.productionMode: false to opt this route out)';
  const report = problemsFor(route, problems);
  const refuse = (field: string, message: string) => report.error(field, `${why} ${message}`);
  const upstream = route.spec.upstream;

  if (!r.endpoint.tls) {
    refuse(
      upstream.external ? 'spec.upstream.external.url' : 'spec.upstream.tls',
      upstream.external
        ? 'requires TLS to the upstream, but the url uses http://; use https://'
        : `requires TLS to the upstream, but ${r.toolServer ? `ToolServer ${r.toolServer.namespace}/${r.toolServer.name}` : 'the upstream'} is reached in plain text; set spec.upstream.tls (the server must serve TLS)`,
    );
  } else if (upstream.tls?.insecureSkipVerify === 'All') {
    refuse(
      'spec.upstream.tls.insecureSkipVerify',
      'refuses "All": without certificate verification anyone on the path can impersonate the upstream; trust its CA with caCertificateRef instead',
    );
  }

  if (!hasUpstreamCredentials(upstream)) {
    refuse(
      'spec.upstream.auth',
      'requires upstream credentials; set spec.upstream.auth (a token from a Secret) or spec.upstream.tls.clientCertificateRef (a client certificate)',
    );
  }

  const gw = r.gateway;
  if (!gw.intent) {
    refuse(
      'spec.toolGatewayRef',
      `requires client authentication on the gateway, but ToolGateway ${gw.namespace}/${gw.name} is owned elsewhere and cannot be checked here; define it in this input with spec.authentication.jwt`,
    );
  } else if (!gw.intent.spec.authentication?.jwt) {
    refuse(
      'spec.toolGatewayRef',
      `requires client authentication on the gateway, but ToolGateway ${gw.namespace}/${gw.name} has none; set its spec.authentication.jwt so only clients with a valid token reach this route`,
    );
  }

  const allow = route.spec.toolFilter?.allow ?? [];
  const pin = 'pin the allowed tools explicitly so an upstream change cannot widen the exposed tool surface';
  if (allow.length === 0) {
    refuse('spec.toolFilter.allow', `requires an allow-list, but it is empty, so every tool of the upstream is exposed; ${pin}`);
  } else {
    for (const [i, pattern] of allow.entries()) {
      if (isWildcardOnly(pattern)) {
        refuse(`spec.toolFilter.allow[${i}]`, `refuses ${JSON.stringify(pattern)}, which matches every tool name; ${pin}`);
      }
    }
  }
  return problems;
}
