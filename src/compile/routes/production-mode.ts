import type { Problem } from '../../contracts/problem.js';
import type { ResolvedRoute } from '../resolve/resolve-routes.js';
import { hasUpstreamCredentials } from './upstream-security.js';
import { problemsFor } from '../problem-sink.js';
import { ipFamily } from '../network/egress-derivation.js';
import { valueText } from '../../contracts/value-text.js';

/** Literal characters a pattern must start with to count as pinned. */
export const PINNED_PREFIX = 3;

/**
 * True for a glob that pins which tools it admits: an exact name, or one starting with at least
 * `PINNED_PREFIX` literal characters (`get_*`). `*`, `?*` or `*a*` say next to nothing about the
 * tool they admit, so an upstream that adds a tool widens what the route exposes.
 */
export function isPinnedPattern(pattern: string): boolean {
  const wildcard = pattern.search(/[*?]/);
  if (wildcard < 0) return pattern.length > 0;
  return wildcard >= PINNED_PREFIX;
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
 * 1. the upstream is reached over TLS (an https URL, or a tls block), certificate verification
 *    is not weakened (`insecureSkipVerify` of any kind), an IP-address host has a pinned CA
 *    (`caCertificateRef`), and no privileged address is allowed (`allowPrivileged`);
 * 2. the upstream gets a credential: a token from a Secret, the caller's own token (passthrough,
 *    which identity-passthrough.ts holds to the gateway's client authentication), or a client
 *    certificate (mTLS);
 * 3. the gateway authenticates its own clients (`authentication.jwt`);
 * 4. `toolFilter.allow` is not empty and every pattern is pinned (`isPinnedPattern`) — pin the
 *    allowed tools explicitly so an upstream change cannot widen the exposed tool surface.
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
  } else {
    const skip = upstream.tls?.insecureSkipVerify;
    if (skip === 'All') {
      refuse(
        'spec.upstream.tls.insecureSkipVerify',
        'refuses "All": without certificate verification anyone on the path can impersonate the upstream; trust its CA with caCertificateRef instead',
      );
    } else if (skip === 'Hostname') {
      refuse(
        'spec.upstream.tls.insecureSkipVerify',
        'refuses "Hostname": without the name check any certificate the CA ever issued, for any host, impersonates the upstream; remove it and set spec.upstream.tls.sni to the name on the certificate',
      );
    }
    if (upstream.external && ipFamily(r.endpoint.host) && !upstream.tls?.caCertificateRef) {
      refuse(
        'spec.upstream.external.url',
        `refuses the IP address host ${JSON.stringify(r.endpoint.host)} without a pinned CA: no SNI can be sent to it and public CAs rarely certify an address; set spec.upstream.tls.caCertificateRef to the CA that issued the server's certificate, or use its DNS name`,
      );
    }
  }
  if (upstream.allowPrivileged) {
    refuse(
      'spec.upstream.allowPrivileged',
      'refuses a privileged upstream address (loopback, link-local, cloud metadata); point the route at a routable address or DNS name',
    );
  }

  if (!hasUpstreamCredentials(upstream)) {
    refuse(
      'spec.upstream.auth',
      'requires upstream credentials; set spec.upstream.auth (a token from a Secret, or passthrough: {} to forward the caller token) or spec.upstream.tls.clientCertificateRef (a client certificate)',
    );
  }

  const gw = r.gateway;
  if (!gw.intent) {
    refuse(
      'spec.toolGatewayRef',
      `requires client authentication on the gateway, but ToolGateway ${gw.namespace}/${gw.name} is imported by name, so its authentication cannot be checked here; import its document instead (annotated cdk8s-tool-gateway/imported: "true"), whose spec.authentication decides, or define it in this input with spec.authentication.jwt`,
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
      if (!isPinnedPattern(pattern)) {
        refuse(
          `spec.toolFilter.allow[${i}]`,
          `refuses ${valueText(pattern)}, which does not pin the tools it admits (a pattern must be an exact name or start with at least ${PINNED_PREFIX} literal characters, such as "get_*"); ${pin}`,
        );
      }
    }
  }
  return problems;
}
