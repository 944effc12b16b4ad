import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/contracts/problem.js';
import { compileDocs, compileValid, findManifest } from '../../support/compile-fixtures.js';
import { errorsOf, routeToServer, toolGateway, toolServer, type Doc } from '../../support/intent-fixtures.js';

const JWT = { jwt: { issuer: 'https://idp.example.com', audiences: ['a'], jwks: { uri: 'https://idp.example.com/jwks' } } };
const RULES = { rules: [{ principals: { claims: { sub: ['ci-bot'] } }, tools: { allow: ['get_*'] } }] };

const docs = (gatewaySpec: Doc, route: Doc) => [
  toolGateway('tool-gateway', 'tg', gatewaySpec),
  toolServer('team-a', 'weather'),
  routeToServer('team-a', 'weather', 'weather', route),
];
const errorLines = (d: readonly unknown[]) => errorsOf(compileDocs(d).problems).map(formatProblem);

describe('compileRouteAccess |', () => {
  it('puts the filter and the authorization into the one tool policy of the route', () => {
    const objects = compileValid(docs({ authentication: JWT }, { toolFilter: { deny: ['*delete*'] }, authorization: RULES }));
    const policy = findManifest(objects, 'AgentgatewayPolicy', 'team-a', 'tg-weather-toolfilter');
    const [expression, ...more] = (policy.spec as { backend: { mcp: { authorization: { policy: { matchExpressions: string[] } } } } })
      .backend.mcp.authorization.policy.matchExpressions;
    expect(more).toStrictEqual([]);
    expect(expression).toMatch(/^\(!\(mcp\.tool\.name\.matches\("\(\?s\)\^\.\*delete\.\*\$"\)\)\) && \(type\(jwt\) == map && /);
    expect(expression).toContain('jwt["sub"] in ["ci-bot"]');
  });

  it('refuses rules on a gateway without client authentication, saying what to set', () => {
    expect(errorLines(docs({}, { authorization: RULES }))).toStrictEqual([
      'error: ToolRoute team-a/weather: spec.authorization: needs client authentication on the gateway, but ToolGateway tool-gateway/tg has none, so there is no caller identity to authorize; set its spec.authentication.jwt',
    ]);
  });

  it('reports a bad pattern in a rule at its own index', () => {
    const rules = { rules: [{ principals: {}, tools: { allow: ['ok_*', 'bad\nname'] } }] };
    const lines = errorLines(docs({ authentication: JWT }, { authorization: rules }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('spec.authorization.rules[0].tools.allow[1]: tool pattern "bad\\nname" contains control character 0x0a');
  });
});
