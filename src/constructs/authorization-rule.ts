import type { ToolFilter } from './tool-filter.js';

/**
 * Who may call which tools on a route: a caller matches when its verified token has every
 * listed claim (holding one of the listed values, or a list with one of them) and every listed
 * scope (`scope` or `scp`); a dotted claim name such as `realm_access.roles` addresses a nested
 * claim. A rule without claims and scopes matches every authenticated caller. The route's
 * gateway must authenticate its clients.
 *
 * @example { claims: { groups: ['sre'] }, scopes: ['tools.write'], tools: ToolFilter.allow('restart_*') }
 */
export interface AuthorizationRule {
  /**
   * Claims the token must hold, each with the values any one of which matches.
   * @default - no claim is required
   */
  readonly claims?: Readonly<Record<string, readonly string[]>>;
  /**
   * Scopes the token must grant, all of them.
   * @default - no scope is required
   */
  readonly scopes?: readonly string[];
  /**
   * The tools the matching callers may call (within the route's own tool filter).
   * @default - every tool the route exposes
   */
  readonly tools?: ToolFilter;
}

/** The spec of a rule list, as `ToolRoute.spec.authorization` holds it. */
export function authorizationSpec(rules: readonly AuthorizationRule[] | undefined): Record<string, unknown> | undefined {
  if (!rules) return undefined;
  return {
    rules: rules.map((r) => {
      const tools = r.tools?._toSpec();
      const principals = {
        ...(r.claims ? { claims: Object.fromEntries(Object.entries(r.claims).map(([k, v]) => [k, [...v]])) } : {}),
        ...(r.scopes ? { scopes: [...r.scopes] } : {}),
      };
      return { principals, ...(tools && Object.keys(tools).length > 0 ? { tools } : {}) };
    }),
  };
}
