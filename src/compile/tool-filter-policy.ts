import { AgentgatewayPolicy, AgentgatewayPolicySpecBackendMcpAuthorizationAction } from '../../imports/agentgateway.dev.js';
import type { Manifest } from '../output/manifest.js';
import { provenanceLabels } from './labels.js';
import { routeObjectName } from './route-backend.js';
import type { ResolvedRoute } from './resolve-routes.js';

/**
 * The tool-filter policy of a route, or undefined when the filter has no patterns. The CEL
 * expression is built and checked by the caller (see tool-filter-cel.ts); agentgateway ORs
 * the entries of `matchExpressions`, so the whole filter is one expression.
 */
export function compileToolFilterPolicy(r: ResolvedRoute, expression: string): Manifest {
  const routeName = routeObjectName(r);
  return AgentgatewayPolicy.manifest({
    metadata: {
      name: `${routeName}-toolfilter`,
      namespace: r.route.namespace,
      labels: provenanceLabels({ toolGateway: r.gateway, toolRoute: r.route.name }),
    },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: routeName }],
      backend: {
        mcp: {
          authorization: {
            action: AgentgatewayPolicySpecBackendMcpAuthorizationAction.ALLOW,
            policy: { matchExpressions: [expression] },
          },
        },
      },
    },
  });
}
