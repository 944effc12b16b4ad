import { AgentgatewayBackendSpecMcpTargetsStaticPoliciesTlsInsecureSkipVerify as SkipVerify } from '../../../imports/agentgateway.dev.constants.js';
import type { AgentgatewayBackendSpecMcpTargetsStaticPoliciesTlsInsecureSkipVerify } from '../../../imports/agentgateway.dev.js';
import type { UpstreamSpec } from '../../intent/tool-route-schema.js';
import { isIpLiteral, type UpstreamEndpoint } from '../resolve/upstream-endpoint.js';

export type SecuredEndpointResult = { readonly endpoint: UpstreamEndpoint } | { readonly error: string };

/**
 * Applies `spec.upstream.tls` to where a route points. Any tls block — even `{}` — means TLS,
 * also to a ToolServer (whose Service DNS name becomes the SNI). The one contradiction is an
 * external `http://` URL with a tls block: kagent admitted `HTTP://` + tls through a
 * case-sensitive prefix check; the scheme was lowercased when the URL was parsed, so any
 * spelling of http is caught here.
 */
export function applyUpstreamTls(endpoint: UpstreamEndpoint, upstream: UpstreamSpec): SecuredEndpointResult {
  const tls = upstream.tls;
  if (!tls) return { endpoint };
  if (upstream.external && !endpoint.tls) {
    return {
      error: 'is set, but spec.upstream.external.url uses http://, which is plain text; write https:// to use TLS, or remove tls',
    };
  }
  const sni = tls.sni ?? endpoint.sni ?? (isIpLiteral(endpoint.host) ? undefined : endpoint.host);
  return { endpoint: { ...endpoint, tls: true, ...(sni ? { sni } : {}) } };
}

/** agentgateway's per-target `policies` (a subset: what a route's upstream spec asks for). */
export interface TargetPolicies {
  tls?: {
    sni?: string;
    caCertificateRefs?: Array<{ name: string }>;
    mtlsCertificateRef?: Array<{ name: string }>;
    insecureSkipVerify?: AgentgatewayBackendSpecMcpTargetsStaticPoliciesTlsInsecureSkipVerify;
  };
  auth?: {
    secretRef?: { name: string; key?: string };
    passthrough?: Record<string, never>;
    location?: { header: { name: string; prefix?: string } };
  };
}

/**
 * The MCP target's `static.policies`: TLS origination (SNI, private CA, client certificate,
 * relaxed verification) and a credential from a Secret. Both live on the one target, so the
 * credential always travels over the configured TLS (kagent dropped the headers when TLS
 * was set). Secrets and ConfigMaps are referenced by name only; agentgateway reads them in the
 * backend's namespace, which is the route's. Undefined when there is nothing to say.
 */
export function upstreamTargetPolicies(endpoint: UpstreamEndpoint, upstream: UpstreamSpec): TargetPolicies | undefined {
  const policies: TargetPolicies = {};
  if (endpoint.tls) {
    const t = upstream.tls;
    policies.tls = {
      ...(endpoint.sni ? { sni: endpoint.sni } : {}),
      ...(t?.caCertificateRef ? { caCertificateRefs: [{ name: t.caCertificateRef.name }] } : {}),
      ...(t?.clientCertificateRef ? { mtlsCertificateRef: [{ name: t.clientCertificateRef.name }] } : {}),
      ...(t?.insecureSkipVerify ? { insecureSkipVerify: t.insecureSkipVerify === 'All' ? SkipVerify.ALL : SkipVerify.HOSTNAME } : {}),
    };
  }
  const auth = upstream.auth;
  if (auth) {
    const secret = auth.secretRef;
    policies.auth = {
      // The schema admits exactly one of the two.
      ...(secret ? { secretRef: { name: secret.name, ...(secret.key !== undefined ? { key: secret.key } : {}) } } : { passthrough: {} }),
      ...(auth.header
        ? { location: { header: { name: auth.header.name, ...(auth.header.prefix !== undefined ? { prefix: auth.header.prefix } : {}) } } }
        : {}),
    };
  }
  return policies.tls || policies.auth ? policies : undefined;
}

/**
 * True when the upstream presents a credential: a token from a Secret, the caller's own token
 * (passthrough), or a client certificate.
 */
export function hasUpstreamCredentials(upstream: UpstreamSpec): boolean {
  return upstream.auth !== undefined || upstream.tls?.clientCertificateRef !== undefined;
}
