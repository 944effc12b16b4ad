import {
  AgentgatewayPolicy,
  AgentgatewayPolicySpecTrafficRateLimitLocalUnit as Unit,
} from '../../../imports/agentgateway.dev.constants.js';
import type {
  AgentgatewayPolicySpec,
  AgentgatewayPolicySpecTrafficRateLimitLocal,
  AgentgatewayPolicySpecTrafficRateLimitLocalUnit,
} from '../../../imports/agentgateway.dev.js';
import type { Manifest } from '../../contracts/manifest.js';
import type { Problem } from '../../contracts/problem.js';
import type { ToolGatewayIntent } from '../../intent/estate.js';
import type { RateLimitSpec, RateLimitUnit } from '../../intent/rate-limit-schema.js';
import { buildManifest } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';
import { checkDerivedName } from '../resolve/derived-name.js';
import type { ResolvedRoute } from '../resolve/resolve-routes.js';
import { routeObjectName } from '../routes/route-backend.js';
import { toolSetObjectName, type ResolvedToolSet } from '../toolsets/resolve-tool-sets.js';

const UNITS: Record<RateLimitUnit, AgentgatewayPolicySpecTrafficRateLimitLocalUnit> = {
  Second: Unit.SECONDS,
  Minute: Unit.MINUTES,
  Hour: Unit.HOURS,
};

/**
 * The object a rate limit applies to. agentgateway lets a `traffic` policy target a Gateway or
 * a route, never a backend, so a limit on anything else attaches to the HTTPRoute in front of it.
 */
export interface RateLimitTarget {
  readonly kind: 'Gateway' | 'HTTPRoute';
  readonly name: string;
}

/**
 * One entry of agentgateway's `traffic.rateLimit.local`. agentgateway refills `requests` tokens
 * every unit and lets the bucket hold `requests + burst`, so `burst` is the spike allowed on top.
 * `burst` is written only when set, so a limit without one reads as written.
 * @see https://github.com/agentgateway/agentgateway/blob/v1.4.1/controller/pkg/agentgateway/plugins/traffic_plugin.go
 */
export function localRateLimit(limit: RateLimitSpec): AgentgatewayPolicySpecTrafficRateLimitLocal {
  return { requests: limit.requests, unit: UNITS[limit.per], ...(limit.burst !== undefined ? { burst: limit.burst } : {}) };
}

/**
 * An AgentgatewayPolicy holding one local rate limit on `target`, in the target's namespace
 * (agentgateway attaches policies only there). Local means per proxy replica: with two
 * replicas a client may get up to twice the limit through the gateway as a whole.
 */
export function compileRateLimitPolicy(
  meta: { readonly name: string; readonly namespace: string; readonly labels: Record<string, string> },
  target: RateLimitTarget,
  limit: RateLimitSpec,
): Manifest {
  return buildManifest(AgentgatewayPolicy.GVK, meta, {
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: target.kind, name: target.name }],
      traffic: { rateLimit: { local: [localRateLimit(limit)] } },
    } satisfies AgentgatewayPolicySpec,
  });
}

/** `<tg>-ratelimit` on the Gateway: every request through the gateway counts. Nothing without `spec.rateLimit`. */
export function compileGatewayRateLimit(tg: ToolGatewayIntent, problems: Problem[]): Manifest | undefined {
  const limit = tg.spec.rateLimit;
  if (!limit) return undefined;
  const name = `${tg.name}-ratelimit`;
  checkDerivedName(name, 'rate-limit AgentgatewayPolicy', tg, problems);
  const labels = provenanceLabels({ toolGateway: tg });
  return compileRateLimitPolicy({ name, namespace: tg.namespace, labels }, { kind: 'Gateway', name: tg.name }, limit);
}

/**
 * `<tg>-<route>-ratelimit` on the route's HTTPRoute: only requests to this route count, after
 * the gateway's own limit (both apply). Nothing without `spec.rateLimit`.
 */
export function compileRouteRateLimit(r: ResolvedRoute, problems: Problem[]): Manifest | undefined {
  const limit = r.route.spec.rateLimit;
  if (!limit) return undefined;
  const routeName = routeObjectName(r);
  const name = `${routeName}-ratelimit`;
  checkDerivedName(name, 'rate-limit AgentgatewayPolicy', r.route, problems);
  const labels = provenanceLabels({ toolGateway: r.gateway, toolRoute: r.route.name });
  return compileRateLimitPolicy({ name, namespace: r.route.namespace, labels }, { kind: 'HTTPRoute', name: routeName }, limit);
}

/**
 * `<tg>-<toolset>-ratelimit` on the ToolSet's HTTPRoute: requests to its endpoint count, for
 * all members together, after the gateway's own limit. Nothing without `spec.rateLimit`.
 */
export function compileToolSetRateLimit(s: ResolvedToolSet, problems: Problem[]): Manifest | undefined {
  const limit = s.toolSet.spec.rateLimit;
  if (!limit) return undefined;
  const routeName = toolSetObjectName(s);
  const name = `${routeName}-ratelimit`;
  checkDerivedName(name, 'rate-limit AgentgatewayPolicy', s.toolSet, problems);
  const labels = provenanceLabels({ toolGateway: s.gateway, toolSet: s.toolSet.name });
  return compileRateLimitPolicy({ name, namespace: s.toolSet.namespace, labels }, { kind: 'HTTPRoute', name: routeName }, limit);
}
