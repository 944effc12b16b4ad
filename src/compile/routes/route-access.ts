import type { Problem } from '../../contracts/problem.js';
import type { ToolRouteIntent } from '../../intent/estate.js';
import { problemsFor } from '../problem-sink.js';
import type { GatewayTarget } from '../resolve/resolve-routes.js';
import { routeAccessExpression } from './authorization-cel.js';
import { celSyntaxError, toolPatternProblem } from './tool-filter-cel.js';

/** A route's access expression once checked: `ok` false when anything was reported. */
export type RouteAccess = { readonly ok: true; readonly expression?: string } | { readonly ok: false };

/**
 * Why a gateway cannot carry authorization rules, or undefined when it can: a rule reads the
 * caller's verified token, which only exists when the gateway authenticates its clients.
 */
export function authorizationGatewayProblem(gateway: GatewayTarget): string | undefined {
  const name = `ToolGateway ${gateway.namespace}/${gateway.name}`;
  if (!gateway.intent) {
    return `needs client authentication on the gateway, but ${name} is imported by name, so its authentication cannot be checked here; import its document instead (annotated cdk8s-tool-gateway/imported: "true"), whose spec.authentication decides`;
  }
  if (!gateway.intent.spec.authentication?.jwt) {
    return `needs client authentication on the gateway, but ${name} has none, so there is no caller identity to authorize; set its spec.authentication.jwt`;
  }
  return undefined;
}

/**
 * A route's tool filter and authorization, checked and compiled into one CEL expression: each
 * bad pattern is reported at its index, and the expression is parsed with a real CEL
 * implementation before it may be written. `expression` is undefined when there is nothing to
 * restrict.
 */
export function compileRouteAccess(route: ToolRouteIntent, problems: Problem[]): RouteAccess {
  const report = problemsFor(route, problems);
  const checkPatterns = (filter: { allow?: string[]; deny?: string[] } | undefined, at: string): boolean => {
    let ok = true;
    for (const list of ['allow', 'deny'] as const) {
      for (const [i, pattern] of (filter?.[list] ?? []).entries()) {
        const issue = toolPatternProblem(pattern);
        if (issue) {
          ok = false;
          report.error(`${at}.${list}[${i}]`, issue);
        }
      }
    }
    return ok;
  };
  // Every list is checked, so all bad patterns are reported in one pass.
  const checks = [
    checkPatterns(route.spec.toolFilter, 'spec.toolFilter'),
    ...(route.spec.authorization?.rules ?? []).map((rule, i) => checkPatterns(rule.tools, `spec.authorization.rules[${i}].tools`)),
  ];
  if (checks.includes(false)) return { ok: false };
  const expression = routeAccessExpression(route.spec.toolFilter, route.spec.authorization);
  if (expression === undefined) return { ok: true };
  const celError = celSyntaxError(expression);
  if (celError) {
    // Our translation produced invalid CEL: a bug here, not a user mistake, but never written out.
    const field = route.spec.authorization ? 'spec.authorization' : 'spec.toolFilter';
    report.error(field, `internal error: the tool access rules compiled to invalid CEL (${celError}); please report this`);
    return { ok: false };
  }
  return { ok: true, expression };
}
