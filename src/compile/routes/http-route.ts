import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../../../imports/gateway.networking.k8s.io.constants.js';
import type { HttpRouteSpec } from '../../../imports/gateway.networking.k8s.io.js';
import type { Manifest } from '../../contracts/manifest.js';
import { buildManifest } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';
import { routeObjectName } from './route-backend.js';
import type { ResolvedRoute } from '../resolve/resolve-routes.js';

/** Public path of a route on its gateway: `/<route namespace>/<route name>/mcp`. */
export function routePath(route: { namespace: string; name: string }): string {
  return `/${route.namespace}/${route.name}/mcp`;
}

/**
 * The HTTPRoute that attaches a route to its gateway. The backend terminates the MCP session
 * and re-originates it to the target's own path, so no URL rewrite is needed.
 */
export function compileHttpRoute(r: ResolvedRoute): Manifest {
  const name = routeObjectName(r);
  return buildManifest(
    HttpRoute.GVK,
    { name, namespace: r.route.namespace, labels: provenanceLabels({ toolGateway: r.gateway, toolRoute: r.route.name }) },
    {
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: r.gateway.name, namespace: r.gateway.namespace }],
        rules: [
          {
            matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: routePath(r.route) } }],
            backendRefs: [{ group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name, namespace: r.route.namespace }],
          },
        ],
      } satisfies HttpRouteSpec,
    },
  );
}
