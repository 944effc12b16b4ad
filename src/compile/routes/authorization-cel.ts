import type { AuthorizationRuleSpec, PrincipalsSpec, ToolAuthorizationSpec } from '../../intent/tool-authorization-schema.js';
import { celStringLiteral, toolFilterExpression } from './tool-filter-cel.js';

/*
 * How agentgateway v1.4.1 evaluates these expressions, which decides their shape:
 * - `jwt` is the verified token's claims as a map, and null when no token was verified
 *   (crates/agentgateway/src/http/jwt.rs `impl DynamicType for Claims`,
 *   crates/agentgateway/src/cel/tests.rs). `jwt.rawToken` is the bearer token itself, so the
 *   schema refuses a claim of that name.
 * - A missing map key is an evaluation error, and an erroring allow rule counts as "no match"
 *   (crates/agentgateway/src/cel/types.rs `eval_bool`). We never lean on that: every access is
 *   guarded by a presence and type test to its left, and `&&` short-circuits left to right in
 *   both agentgateway's fork of cel-rust (crates/cel-fork/cel/src/objects.rs, LOGICAL_AND) and
 *   standard CEL, so the compiled expression evaluates to false, never to an error.
 * - `x in s` on two strings is a substring test in that fork, not an error as in standard CEL,
 *   so `in` is only ever applied to a list literal, a value proven to be a list, or a map.
 * - Claim keys are written with index syntax (`jwt["cognito:groups"]`), which takes any key,
 *   where field selection would need a CEL identifier.
 * https://github.com/agentgateway/agentgateway/tree/v1.4.1/crates/cel-fork/cel/src
 */

/** The CEL value at a claim path, e.g. `jwt["realm_access"]["roles"]`. */
function claimAccess(segments: readonly string[]): string {
  return `jwt${segments.map((s) => `[${celStringLiteral(s)}]`).join('')}`;
}

/** True when the claim at `segments` exists; each map on the way is proven a map first. */
function claimPresent(segments: readonly string[]): string {
  const parts: string[] = [];
  for (const [i, segment] of segments.entries()) {
    const parent = claimAccess(segments.slice(0, i));
    // `jwt` itself is proven a map once, in front of the whole expression.
    if (i > 0) parts.push(`type(${parent}) == map`);
    parts.push(`${celStringLiteral(segment)} in ${parent}`);
  }
  return parts.join(' && ');
}

function listLiteral(values: readonly string[]): string {
  return `[${values.map(celStringLiteral).join(', ')}]`;
}

/**
 * A claim matches when it holds one of `values`, or is a list with an element that is one of
 * them. Values compare as strings: a claim of another type (a number, a map) never matches.
 */
export function claimPredicate(name: string, values: readonly string[]): string {
  const segments = name.split('.');
  const value = claimAccess(segments);
  const list = listLiteral(values);
  return `${claimPresent(segments)} && (${value} in ${list} || type(${value}) == list && ${value}.exists(v, v in ${list}))`;
}

/** One of the token's scopes in a claim holding a space-separated string or a list. */
function scopeIn(claim: 'scope' | 'scp', scope: string): string {
  const value = claimAccess([claim]);
  const key = celStringLiteral(claim);
  // A scope token has no spaces (the schema holds it to RFC 6749), so padding finds whole tokens only.
  const padded = celStringLiteral(` ${scope} `);
  return (
    `${key} in jwt && (type(${value}) == string && (" " + ${value} + " ").contains(${padded})` +
    ` || type(${value}) == list && ${celStringLiteral(scope)} in ${value})`
  );
}

/** The token grants `scope`: in `scope` (space-separated, RFC 8693) or `scp` (a list, or a string as some issuers write it). */
export function scopePredicate(scope: string): string {
  return `(${scopeIn('scope', scope)} || ${scopeIn('scp', scope)})`;
}

/** All listed claims and scopes; `true` when the rule names none (any authenticated caller). */
function principalsPredicate(p: PrincipalsSpec): string | undefined {
  const parts = [
    ...Object.entries(p.claims ?? {}).map(([name, values]) => `(${claimPredicate(name, values)})`),
    ...(p.scopes ?? []).map(scopePredicate),
  ];
  return parts.length > 0 ? parts.join(' && ') : undefined;
}

function rulePredicate(rule: AuthorizationRuleSpec): string {
  const parts = [principalsPredicate(rule.principals), toolFilterExpression(rule.tools)].filter((x) => x !== undefined);
  return parts.length > 0 ? parts.map((x) => `(${x})`).join(' && ') : 'true';
}

/**
 * The CEL for `authorization`: some rule matches both the caller and the tool. Undefined when
 * there is no authorization (every caller the gateway admits may call every tool the filter allows).
 */
export function authorizationExpression(authorization: ToolAuthorizationSpec | undefined): string | undefined {
  const rules = authorization?.rules ?? [];
  if (rules.length === 0) return undefined;
  return `type(jwt) == map && (${rules.map((r) => `(${rulePredicate(r)})`).join(' || ')})`;
}

/**
 * What a route lets through: its tool filter AND its authorization. One expression, because
 * agentgateway ORs separate Allow policies (crates/agentgateway/src/http/authorization.rs
 * `RuleSets::validate`). A route with only a filter keeps the filter's expression unchanged.
 */
export function routeAccessExpression(
  filter: Parameters<typeof toolFilterExpression>[0],
  authorization: ToolAuthorizationSpec | undefined,
): string | undefined {
  const f = toolFilterExpression(filter);
  const a = authorizationExpression(authorization);
  if (f !== undefined && a !== undefined) return `(${f}) && (${a})`;
  return f ?? a;
}
