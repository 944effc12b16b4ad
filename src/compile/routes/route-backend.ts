import {
  AgentgatewayBackend,
  AgentgatewayBackendSpecMcpFailureMode,
  AgentgatewayBackendSpecMcpTargetsStaticProtocol,
  type AgentgatewayBackendSpec,
} from '../../../imports/agentgateway.dev.js';
import type { Manifest } from '../../contracts/manifest.js';
import { buildManifest } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';
import type { ResolvedRoute } from '../resolve/resolve-routes.js';
import { upstreamTargetPolicies } from './upstream-security.js';

/** Name of the single target in a route's backend (the operator's constant). */
export const MCP_TARGET_NAME = 'mcp-target';

/** `<tg>-<route>`: the name of a route's backend, HTTPRoute and (with a suffix) policies. */
export function routeObjectName(r: ResolvedRoute): string {
  return `${r.gateway.name}-${r.route.name}`;
}

/**
 * The AgentgatewayBackend behind a route: one MCP target. The protocol is always written
 * (agentgateway has no default for it) and follows the ToolServer's transport; an https
 * upstream gets TLS origination with SNI from its host, which the operator forgot, and the
 * route's `upstream.tls` / `upstream.auth` become the target's TLS and auth policies.
 */
export function compileRouteBackend(r: ResolvedRoute): Manifest {
  const e = r.endpoint;
  return buildManifest(
    AgentgatewayBackend.GVK,
    {
      name: routeObjectName(r),
      namespace: r.route.namespace,
      labels: provenanceLabels({ toolGateway: r.gateway, toolRoute: r.route.name }),
    },
    {
      spec: {
        mcp: {
          failureMode: AgentgatewayBackendSpecMcpFailureMode.FAIL_OPEN,
          targets: [
            {
              name: MCP_TARGET_NAME,
              static: {
                host: e.host,
                port: e.port,
                path: e.path,
                protocol:
                  e.protocol === 'SSE'
                    ? AgentgatewayBackendSpecMcpTargetsStaticProtocol.SSE
                    : AgentgatewayBackendSpecMcpTargetsStaticProtocol.STREAMABLE_HTTP,
                policies: upstreamTargetPolicies(e, r.route.spec.upstream),
              },
            },
          ],
        },
      } satisfies AgentgatewayBackendSpec,
    },
  );
}
