import {
  AgentgatewayBackend,
  AgentgatewayBackendSpecMcpFailureMode,
  AgentgatewayBackendSpecMcpTargetsStaticProtocol,
} from '../../../imports/agentgateway.dev.constants.js';
import type { AgentgatewayBackendSpec, AgentgatewayBackendSpecMcpTargets } from '../../../imports/agentgateway.dev.js';
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
          targets: [mcpTarget(MCP_TARGET_NAME, r)],
        },
      } satisfies AgentgatewayBackendSpec,
    },
  );
}

/**
 * One MCP target reaching a route's upstream: host, port and path, the protocol (always
 * written: agentgateway has no default for it) and the route's TLS and auth as target policies.
 * A ToolSet's backend holds one per member, so a member is reached exactly as its own backend reaches it.
 */
export function mcpTarget(name: string, r: ResolvedRoute): AgentgatewayBackendSpecMcpTargets {
  const e = r.endpoint;
  return {
    name,
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
  };
}
