import {
  AgentgatewayBackend,
  AgentgatewayBackendSpecMcpFailureMode,
  AgentgatewayBackendSpecMcpPrefixMode,
} from '../../../imports/agentgateway.dev.constants.js';
import type { AgentgatewayBackendSpec } from '../../../imports/agentgateway.dev.js';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../../../imports/gateway.networking.k8s.io.constants.js';
import type { HttpRouteSpec } from '../../../imports/gateway.networking.k8s.io.js';
import type { Manifest } from '../../contracts/manifest.js';
import type { Problem } from '../../contracts/problem.js';
import { buildManifest } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';
import { problemsFor } from '../problem-sink.js';
import { checkDerivedName } from '../resolve/derived-name.js';
import { routePath } from '../routes/http-route.js';
import { celSyntaxError } from '../routes/tool-filter-cel.js';
import { mcpTarget } from '../routes/route-backend.js';
import { mcpAllowPolicy } from '../routes/tool-filter-policy.js';
import { toolSetObjectName, type ResolvedToolSet } from './resolve-tool-sets.js';
import { toolSetAccessExpression } from './tool-set-access.js';

const PREFIX_MODE = {
  Always: AgentgatewayBackendSpecMcpPrefixMode.ALWAYS,
  Conditional: AgentgatewayBackendSpecMcpPrefixMode.CONDITIONAL,
  Never: AgentgatewayBackendSpecMcpPrefixMode.NEVER,
} as const;

function labelsOf(s: ResolvedToolSet): Record<string, string> {
  return provenanceLabels({ toolGateway: s.gateway, toolSet: s.toolSet.name });
}

/**
 * The AgentgatewayBackend of a ToolSet: one MCP target per member, each reached and secured as
 * its route's own backend does (protocol, TLS, credential), with the ToolSet's prefixMode.
 */
export function compileToolSetBackend(s: ResolvedToolSet): Manifest {
  return buildManifest(
    AgentgatewayBackend.GVK,
    { name: toolSetObjectName(s), namespace: s.toolSet.namespace, labels: labelsOf(s) },
    {
      spec: {
        mcp: {
          // A member whose upstream fails is skipped; the others keep serving.
          failureMode: AgentgatewayBackendSpecMcpFailureMode.FAIL_OPEN,
          prefixMode: PREFIX_MODE[s.toolSet.spec.prefixMode],
          targets: s.members.map((m) => mcpTarget(m.target, m.route)),
        },
      } satisfies AgentgatewayBackendSpec,
    },
  );
}

/** The HTTPRoute that publishes a ToolSet at `/<namespace>/<toolset>/mcp` on its gateway. */
export function compileToolSetHttpRoute(s: ResolvedToolSet): Manifest {
  const name = toolSetObjectName(s);
  return buildManifest(
    HttpRoute.GVK,
    { name, namespace: s.toolSet.namespace, labels: labelsOf(s) },
    {
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: s.gateway.name, namespace: s.gateway.namespace }],
        rules: [
          {
            matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: routePath(s.toolSet) } }],
            backendRefs: [{ group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name, namespace: s.toolSet.namespace }],
          },
        ],
      } satisfies HttpRouteSpec,
    },
  );
}

/**
 * The members' tool filters and authorization as one policy on the ToolSet's HTTPRoute, each
 * applied to its own target; undefined when no member restricts anything.
 */
export function compileToolSetPolicy(s: ResolvedToolSet, problems: Problem[]): Manifest | undefined {
  const expression = toolSetAccessExpression(s.members);
  if (expression === undefined) return undefined;
  const celError = celSyntaxError(expression);
  if (celError) {
    problemsFor(s.toolSet, problems).error(
      'spec.routes',
      `internal error: the members' tool access rules compiled to invalid CEL (${celError}); please report this`,
    );
    return undefined;
  }
  const name = toolSetObjectName(s);
  checkDerivedName(`${name}-toolfilter`, 'tool-filter AgentgatewayPolicy', s.toolSet, problems);
  return mcpAllowPolicy({ name: `${name}-toolfilter`, namespace: s.toolSet.namespace, labels: labelsOf(s) }, name, expression);
}
