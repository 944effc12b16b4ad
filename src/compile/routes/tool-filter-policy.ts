import {
  AgentgatewayPolicy,
  AgentgatewayPolicySpecBackendMcpAuthorizationAction,
  type AgentgatewayPolicySpec,
} from '../../../imports/agentgateway.dev.js';
import type { Problem } from '../../contracts/problem.js';
import type { Manifest } from '../../contracts/manifest.js';
import { checkDerivedName } from '../resolve/derived-name.js';
import { buildManifest } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';
import { problemsFor } from '../problem-sink.js';
import { routeObjectName } from './route-backend.js';
import { celSyntaxError, toolFilterExpression, toolPatternProblem } from './tool-filter-cel.js';
import type { ResolvedRoute } from '../resolve/resolve-routes.js';

/**
 * The tool-filter policy of a route, or undefined when the filter has no patterns. The CEL
 * expression is built and checked by the caller (see tool-filter-cel.ts); agentgateway ORs
 * the entries of `matchExpressions`, so the whole filter is one expression.
 */
export function compileToolFilterPolicy(r: ResolvedRoute, expression: string): Manifest {
  const routeName = routeObjectName(r);
  return buildManifest(
    AgentgatewayPolicy.GVK,
    {
      name: `${routeName}-toolfilter`,
      namespace: r.route.namespace,
      labels: provenanceLabels({ toolGateway: r.gateway, toolRoute: r.route.name }),
    },
    {
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
      } satisfies AgentgatewayPolicySpec,
    },
  );
}

/**
 * A route's tool filter, checked and compiled: each bad pattern is reported at its index, and
 * the one expression is parsed with a real CEL implementation before it may be written.
 * Undefined when the filter has no patterns or has problems.
 */
export function compileRouteToolFilter(r: ResolvedRoute, problems: Problem[]): Manifest | undefined {
  const filter = r.route.spec.toolFilter;
  const report = problemsFor(r.route, problems);
  let patternsOk = true;
  for (const list of ['allow', 'deny'] as const) {
    for (const [i, pattern] of (filter?.[list] ?? []).entries()) {
      const issue = toolPatternProblem(pattern);
      if (issue) {
        patternsOk = false;
        report.error(`spec.toolFilter.${list}[${i}]`, issue);
      }
    }
  }
  const expression = patternsOk ? toolFilterExpression(filter) : undefined;
  if (expression === undefined) return undefined;
  const celError = celSyntaxError(expression);
  if (celError) {
    // Our translation produced invalid CEL: a bug here, not a user mistake, but never written out.
    report.error('spec.toolFilter', `internal error: the tool filter compiled to invalid CEL (${celError}); please report this`);
    return undefined;
  }
  checkDerivedName(`${routeObjectName(r)}-toolfilter`, 'tool-filter AgentgatewayPolicy', r.route, problems);
  return compileToolFilterPolicy(r, expression);
}
