import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { authorizationExpression, claimPredicate, routeAccessExpression } from '../../../src/compile/routes/authorization-cel.js';
import { celSyntaxError, toolPatternProblem } from '../../../src/compile/routes/tool-filter-cel.js';
import { toolSetAccessExpression } from '../../../src/compile/toolsets/tool-set-access.js';
import type { ToolAuthorizationSpec } from '../../../src/intent/tool-authorization-schema.js';
import {
  referenceAllows,
  referenceToolSetAllows,
  type Claims,
  type ReferenceFilter,
  type ReferenceRoute,
} from '../../support/authorization-reference.js';

const env = celEnv();

/**
 * Evaluates an expression as agentgateway binds its variables for an MCP call: `jwt` is the
 * claims map (null without a verified token) and `mcp.tool` holds the target and the unprefixed
 * tool name. An evaluation error fails the test: the expression must never error.
 */
function evaluator(expression: string): (claims: Claims, target: string, name: string) => boolean {
  const run = plan(env, parse(expression));
  return (claims, target, name) => {
    // Claims arrive as JSON; the round trip also gives fast-check's null-prototype maps a prototype.
    const jwt = JSON.parse(JSON.stringify(claims)) as never;
    const result = run({ jwt, mcp: { tool: { name, target } } });
    if (isCelError(result)) throw new Error(`${expression} errored for ${JSON.stringify({ claims, target, name })}: ${result.message}`);
    if (typeof result !== 'boolean') throw new Error(`${expression} returned ${typeof result}`);
    return result;
  };
}

const routeExpression = (r: ReferenceRoute) =>
  routeAccessExpression(r.toolFilter, r.rules && r.rules.length > 0 ? ({ rules: r.rules } as ToolAuthorizationSpec) : undefined);

describe('authorizationExpression', () => {
  it('emits nothing without rules and keeps a filter-only expression unchanged', () => {
    expect(authorizationExpression(undefined)).toBeUndefined();
    expect(routeAccessExpression({ allow: ['get_*'] }, undefined)).toBe('mcp.tool.name.matches("(?s)^get_.*$")');
  });

  it('compiles the README example to valid CEL with the intended decisions', () => {
    const rules: ToolAuthorizationSpec = {
      rules: [
        {
          principals: { claims: { groups: ['sre', 'platform'] }, scopes: ['tools.write'] },
          tools: { allow: ['restart_*'], deny: ['restart_database'] },
        },
        { principals: { claims: { sub: ['ci-bot'] } }, tools: { allow: ['get_*'] } },
      ],
    };
    const expression = authorizationExpression(rules)!;
    expect(celSyntaxError(expression)).toBeUndefined();
    const check = evaluator(expression);
    const sre = { groups: ['sre'], scope: 'openid tools.write' };
    expect(check(sre, 'mcp-target', 'restart_pod')).toBe(true);
    expect(check(sre, 'mcp-target', 'restart_database')).toBe(false);
    expect(check({ groups: 'platform', scp: ['tools.write'] }, 'mcp-target', 'restart_pod')).toBe(true);
    expect(check({ groups: ['sre'], scope: 'tools.writer' }, 'mcp-target', 'restart_pod')).toBe(false);
    expect(check({ sub: 'ci-bot' }, 'mcp-target', 'get_logs')).toBe(true);
    expect(check({ sub: 'ci-bot' }, 'mcp-target', 'restart_pod')).toBe(false);
    expect(check({}, 'mcp-target', 'get_logs')).toBe(false);
    expect(check(null, 'mcp-target', 'get_logs')).toBe(false);
  });

  it('addresses nested claims by dotted name and never errors on a claim of the wrong shape', () => {
    const check = evaluator(`type(jwt) == map && ${claimPredicate('realm_access.roles', ['admin'])}`);
    expect(check({ realm_access: { roles: ['admin'] } }, 't', 'x')).toBe(true);
    expect(check({ realm_access: { roles: 'admin' } }, 't', 'x')).toBe(true);
    expect(check({ 'realm_access.roles': ['admin'] }, 't', 'x')).toBe(false);
    expect(check({ realm_access: 'admin' }, 't', 'x')).toBe(false);
    expect(check({ realm_access: ['roles'] }, 't', 'x')).toBe(false);
    expect(check({ realm_access: { roles: 7 } }, 't', 'x')).toBe(false);
  });
});

// Small pools so that rules, claims and tools meet often; the odd values carry quotes,
// backslashes, regex metacharacters and (in tool names, which the upstream chooses) control characters.
const CLAIM_NAMES = ['sub', 'groups', 'realm_access.roles', 'realm_access', 'cognito:groups', 'x.y', 'a.b.c'];
const VALUES = ['sre', 'platform', 'ci-bot', 'a"b', String.raw`back\slash`, '.*', 'roles', 'é'];
const SCOPES = ['tools.write', 'tools.read', 'admin', 'a.*'];
const TOOL_PIECES = ['get_', 'restart_', 'database', 'pod', '*', '?', '.', '"', '\\', '(', '[', '$', '^', '\n', '\u0000', 'x'];

const toolName = fc.array(fc.constantFrom(...TOOL_PIECES), { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
const pattern = toolName.filter((p) => toolPatternProblem(p) === undefined);
const filter: fc.Arbitrary<ReferenceFilter | undefined> = fc.option(
  fc.record({ allow: fc.array(pattern, { maxLength: 2 }), deny: fc.array(pattern, { maxLength: 2 }) }, { requiredKeys: [] }),
  { nil: undefined },
);
const rule = fc.record({
  principals: fc.record(
    {
      claims: fc.dictionary(fc.constantFrom(...CLAIM_NAMES), fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 3 }), {
        maxKeys: 2,
      }),
      scopes: fc.uniqueArray(fc.constantFrom(...SCOPES), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
  tools: filter,
});
const route: fc.Arbitrary<ReferenceRoute> = fc.record({ toolFilter: filter, rules: fc.array(rule, { maxLength: 3 }) });

const leaf = fc.oneof(fc.constantFrom(...VALUES), fc.integer(), fc.boolean(), fc.constant(null));
const claimValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(leaf, { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('roles', 'y', 'b', 'c', 'groups'), tie('value'), { maxKeys: 3 }),
  ),
})).value;
const scopeClaim = fc.oneof(
  fc.array(fc.constantFrom(...SCOPES, 'openid', ''), { maxLength: 3 }).map((s) => s.join(' ')),
  fc.array(fc.constantFrom(...SCOPES, 'openid'), { maxLength: 3 }),
  fc.integer(),
);
const claims: fc.Arbitrary<Claims> = fc.option(
  fc
    .record({
      top: fc.dictionary(fc.constantFrom('sub', 'groups', 'realm_access', 'cognito:groups', 'x.y', 'x', 'a'), claimValue, { maxKeys: 4 }),
      scope: fc.option(scopeClaim, { nil: undefined }),
      scp: fc.option(scopeClaim, { nil: undefined }),
    })
    .map(({ top, scope, scp }) => ({ ...top, ...(scope !== undefined ? { scope } : {}), ...(scp !== undefined ? { scp } : {}) })),
  { nil: null, freq: 10 },
);
const call = fc.record({ claims, tool: toolName });

describe('authorization CEL | property: equals the reference semantics', () => {
  it('decides every call as the reference does, for random rules, claims and tool names (10,000 routes)', () => {
    fc.assert(
      fc.property(route, fc.array(call, { minLength: 1, maxLength: 4 }), (r, calls) => {
        const expression = routeExpression(r);
        if (expression === undefined) {
          for (const c of calls) expect(referenceAllows(r, c.claims, c.tool)).toBe(true);
          return;
        }
        const check = evaluator(expression);
        for (const c of calls) expect(check(c.claims, 'mcp-target', c.tool)).toBe(referenceAllows(r, c.claims, c.tool));
      }),
      { numRuns: 10_000 },
    );
  });

  it('applies each ToolSet member its own rules when two members expose the same tool name (10,000 sets)', () => {
    fc.assert(
      fc.property(
        route,
        route,
        fc.array(fc.record({ call, target: fc.constantFrom('weather', 'papers', 'other') }), { minLength: 1, maxLength: 4 }),
        (a, b, calls) => {
          const members = [
            { target: 'weather', route: a },
            { target: 'papers', route: b },
          ];
          const expression = toolSetAccessExpression(members.map((m) => ({ target: m.target, expression: routeExpression(m.route) })));
          const check = expression === undefined ? undefined : evaluator(expression);
          for (const { call: c, target } of calls) {
            const expected = referenceToolSetAllows(members, c.claims, target, c.tool);
            // Without an expression no policy is emitted: every tool of every member is callable.
            const actual = check ? check(c.claims, target, c.tool) : true;
            if (!check && target === 'other') continue;
            expect(actual).toBe(expected);
          }
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
