import { AgentgatewayPolicy, AgentgatewayPolicySpecBackendMcpAuthorizationAction } from '../../../imports/agentgateway.dev.constants.js';
import type { AgentgatewayPolicySpec } from '../../../imports/agentgateway.dev.js';
import type { Problem } from '../../contracts/problem.js';
import type { Manifest } from '../../contracts/manifest.js';
import { checkDerivedName } from '../resolve/derived-name.js';
import { buildManifest } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';
import { problemsFor } from '../problem-sink.js';
import { routeObjectName } from './route-backend.js';
import { authorizationGatewayProblem, compileRouteAccess } from './route-access.js';
import type { ResolvedRoute } from '../resolve/resolve-routes.js';

/**
 * The tool-filter policy of a route, or undefined when the filter has no patterns. The CEL
 * expression is built and checked by the caller (see tool-filter-cel.ts); agentgateway ORs
 * the entries of `matchExpressions`, so the whole filter is one expression.
 */
export function compileToolFilterPolicy(r: ResolvedRoute, expression: string): Manifest {
  const routeName = routeObjectName(r);
  const labels = provenanceLabels({ toolGateway: r.gateway, toolRoute: r.route.name });
  return mcpAllowPolicy({ name: `${routeName}-toolfilter`, namespace: r.route.namespace, labels }, routeName, expression);
}

/**
 * An AgentgatewayPolicy on an HTTPRoute that lets through only the MCP calls `expression`
 * allows (`backend.mcp.authorization` with action Allow): a route's filter and rules, or a
 * ToolSet's, whose expression tells its members apart by `mcp.tool.target`.
 */
export function mcpAllowPolicy(
  meta: { readonly name: string; readonly namespace: string; readonly labels: Record<string, string> },
  httpRoute: string,
  expression: string,
): Manifest {
  return buildManifest(AgentgatewayPolicy.GVK, meta, {
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: httpRoute }],
      backend: {
        mcp: {
          authorization: {
            action: AgentgatewayPolicySpecBackendMcpAuthorizationAction.ALLOW,
            policy: { matchExpressions: [expression] },
          },
        },
      },
    } satisfies AgentgatewayPolicySpec,
  });
}

/**
 * A route's tool filter and authorization as one policy on its HTTPRoute (see route-access.ts).
 * Undefined when there is nothing to restrict or there are problems. Rules need client
 * authentication on the route's gateway.
 */
export function compileRouteToolFilter(r: ResolvedRoute, problems: Problem[]): Manifest | undefined {
  if (r.route.spec.authorization) {
    const issue = authorizationGatewayProblem(r.gateway);
    if (issue) problemsFor(r.route, problems).error('spec.authorization', issue);
  }
  const access = compileRouteAccess(r.route, problems);
  if (!access.ok || access.expression === undefined) return undefined;
  checkDerivedName(`${routeObjectName(r)}-toolfilter`, 'tool-filter AgentgatewayPolicy', r.route, problems);
  return compileToolFilterPolicy(r, access.expression);
}
