import {
  AgentgatewayBackend,
  AgentgatewayPolicy,
  AgentgatewayPolicySpecTrafficJwtAuthenticationMode,
} from '../../../imports/agentgateway.dev.constants.js';
import type { AgentgatewayBackendSpec, AgentgatewayPolicySpec } from '../../../imports/agentgateway.dev.js';
import type { Problem } from '../../contracts/problem.js';
import type { ToolGatewayIntent } from '../../intent/estate.js';
import type { Manifest } from '../../contracts/manifest.js';
import { checkDerivedName } from '../resolve/derived-name.js';
import { buildManifest } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';
import { problemsFor } from '../problem-sink.js';
import { parseExternalUrl, type UpstreamEndpoint } from '../resolve/upstream-endpoint.js';
import { urlText } from '../../contracts/redact-url.js';
import { oauthResourceMetadata } from './oauth-resource-metadata.js';

/** `<tg>-jwt`: the AgentgatewayPolicy that authenticates a gateway's clients. */
export function jwtPolicyName(tg: { name: string }): string {
  return `${tg.name}-jwt`;
}

/** `<tg>-jwks`: the static AgentgatewayBackend through which the key set is fetched. */
export function jwksBackendName(tg: { name: string }): string {
  return `${tg.name}-jwks`;
}

export type JwksUriResult = { readonly endpoint: UpstreamEndpoint; readonly jwksPath: string } | { readonly error: string };

/**
 * Parses `jwks.uri`. The same URL rules as an external upstream apply (no credentials, query
 * or fragment: agentgateway fetches `https://<host>:<port>/<jwksPath>` and nothing else), and
 * it must be https: the key set decides who may call every route, so it must not be fetched
 * over a connection anyone on the path can rewrite.
 */
export function parseJwksUri(uri: string): JwksUriResult {
  const parsed = parseExternalUrl(uri);
  if ('error' in parsed) return parsed;
  if (!parsed.endpoint.tls) {
    return { error: `${urlText(uri)} uses http; the key set decides who may call the gateway, so it must be fetched over https` };
  }
  // agentgateway's jwksPath is "relative to the root" (the controller strips one leading "/").
  const jwksPath = parsed.endpoint.path.replace(/^\//, '') || '/';
  return { endpoint: parsed.endpoint, jwksPath };
}

/**
 * What `spec.authentication.jwt` compiles into: an AgentgatewayPolicy `<tg>-jwt` on the
 * Gateway with `traffic.jwtAuthentication` in MCP mode — one provider, mode Strict, as the
 * CRD requires — so a request without a valid token from the issuer for one of the audiences
 * is rejected before it reaches any route; and, for a `jwks.uri`, the static
 * AgentgatewayBackend `<tg>-jwks` (TLS, SNI from the host) that agentgateway v1.4.1 needs to
 * fetch a remote key set. Nothing for a gateway without authentication.
 */
export function compileClientAuthentication(tg: ToolGatewayIntent, problems: Problem[]): Manifest[] {
  const jwt = tg.spec.authentication?.jwt;
  if (!jwt) return [];
  const report = problemsFor(tg, problems);

  if (jwt.jwks.configMapRef) {
    // agentgateway v1.4.1's JWT provider takes an inline key set or a remote (Service or static
    // backend) endpoint; there is no ConfigMap source, and the compiler never reads cluster objects.
    report.error(
      'spec.authentication.jwt.jwks.configMapRef',
      `ConfigMap ${JSON.stringify(jwt.jwks.configMapRef.name)} cannot be used: agentgateway v1.4.1 loads a key set only from an https endpoint; set jwks.uri to the issuer's jwks_uri (or to an in-cluster https Service that serves the key set)`,
    );
    return [];
  }
  const uri = jwt.jwks.uri ?? '';
  const parsed = parseJwksUri(uri);
  if ('error' in parsed) {
    report.error('spec.authentication.jwt.jwks.uri', parsed.error);
    return [];
  }
  checkDerivedName(jwtPolicyName(tg), 'JWT AgentgatewayPolicy', tg, problems);
  checkDerivedName(jwksBackendName(tg), 'JWKS AgentgatewayBackend', tg, problems);

  const resourceMetadata = oauthResourceMetadata(jwt, report);
  const labels = provenanceLabels({ toolGateway: tg });
  const e = parsed.endpoint;
  const backend = buildManifest(
    AgentgatewayBackend.GVK,
    { name: jwksBackendName(tg), namespace: tg.namespace, labels },
    {
      spec: {
        static: { host: e.host, port: e.port },
        // The controller fetches the key set over https only when the backend carries a TLS policy.
        policies: { tls: e.sni ? { sni: e.sni } : {} },
      } satisfies AgentgatewayBackendSpec,
    },
  );
  const policy = buildManifest(
    AgentgatewayPolicy.GVK,
    { name: jwtPolicyName(tg), namespace: tg.namespace, labels },
    {
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: tg.name }],
        traffic: {
          jwtAuthentication: {
            // Strict: a request without a token is rejected (Optional, agentgateway's own default, would let it through).
            mode: AgentgatewayPolicySpecTrafficJwtAuthenticationMode.STRICT,
            // MCP mode: answer a request without a token with the RFC 9728 challenge, and serve the
            // OAuth protected-resource metadata MCP clients discover the issuer from.
            mcp: resourceMetadata ? { resourceMetadata } : {},
            providers: [
              {
                issuer: jwt.issuer,
                audiences: [...jwt.audiences],
                jwks: {
                  remote: {
                    backendRef: { group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name: jwksBackendName(tg) },
                    jwksPath: parsed.jwksPath,
                  },
                },
              },
            ],
          },
        },
      } satisfies AgentgatewayPolicySpec,
    },
  );
  return [backend, policy];
}
