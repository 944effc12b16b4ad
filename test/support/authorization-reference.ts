/**
 * An independent statement of what a route's tool filter and authorization admit, to check the
 * compiled CEL against. Plain TypeScript over the claims as JSON: nothing here is shared with the
 * compiler, and the glob matcher is the test suite's own.
 */
import { globMatches } from './glob-matcher.js';

export interface ReferenceFilter {
  readonly allow?: readonly string[];
  readonly deny?: readonly string[];
}

export interface ReferenceRule {
  readonly principals: { readonly claims?: Readonly<Record<string, readonly string[]>>; readonly scopes?: readonly string[] };
  readonly tools?: ReferenceFilter;
}

export interface ReferenceRoute {
  readonly toolFilter?: ReferenceFilter;
  readonly rules?: readonly ReferenceRule[];
}

/** Claims of a verified token, or null when no token was verified. */
export type Claims = Readonly<Record<string, unknown>> | null;

/** No patterns admit every tool; otherwise some allow pattern (if any) and no deny pattern. */
export function filterAdmits(filter: ReferenceFilter | undefined, tool: string): boolean {
  const allow = filter?.allow ?? [];
  const deny = filter?.deny ?? [];
  if (allow.length > 0 && !allow.some((p) => globMatches(p, tool))) return false;
  return !deny.some((p) => globMatches(p, tool));
}

function isPlainMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The claim a dotted name addresses: each segment one level down a nested map. */
function lookUp(claims: Record<string, unknown>, name: string): { found: boolean; value?: unknown } {
  let at: unknown = claims;
  for (const segment of name.split('.')) {
    if (!isPlainMap(at) || !Object.hasOwn(at, segment)) return { found: false };
    at = at[segment];
  }
  return { found: true, value: at };
}

function claimHolds(claims: Record<string, unknown>, name: string, values: readonly string[]): boolean {
  const { found, value } = lookUp(claims, name);
  if (!found) return false;
  if (typeof value === 'string') return values.includes(value);
  if (Array.isArray(value)) return value.some((e) => typeof e === 'string' && values.includes(e));
  return false;
}

/** `scope` and `scp` may each be a space-separated string or a list of scopes. */
function grantedScopes(claims: Record<string, unknown>): Set<string> {
  const granted = new Set<string>();
  for (const key of ['scope', 'scp']) {
    if (!Object.hasOwn(claims, key)) continue;
    const v = claims[key];
    if (typeof v === 'string') for (const s of v.split(' ')) if (s !== '') granted.add(s);
    if (Array.isArray(v)) for (const s of v) if (typeof s === 'string') granted.add(s);
  }
  return granted;
}

function principalsMatch(p: ReferenceRule['principals'], claims: Record<string, unknown>): boolean {
  const scopes = grantedScopes(claims);
  return (
    Object.entries(p.claims ?? {}).every(([name, values]) => claimHolds(claims, name, values)) &&
    (p.scopes ?? []).every((s) => scopes.has(s))
  );
}

/** Whether a caller with `claims` may call `tool` on the route. */
export function referenceAllows(route: ReferenceRoute, claims: Claims, tool: string): boolean {
  if (!filterAdmits(route.toolFilter, tool)) return false;
  const rules = route.rules ?? [];
  if (rules.length === 0) return true;
  if (!isPlainMap(claims)) return false;
  return rules.some((r) => principalsMatch(r.principals, claims) && filterAdmits(r.tools, tool));
}

/** A ToolSet: the member owning the called tool's target decides, by its own route's rules. */
export function referenceToolSetAllows(
  members: ReadonlyArray<{ readonly target: string; readonly route: ReferenceRoute }>,
  claims: Claims,
  target: string,
  tool: string,
): boolean {
  const member = members.find((m) => m.target === target);
  return member !== undefined && referenceAllows(member.route, claims, tool);
}
