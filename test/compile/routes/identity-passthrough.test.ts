import { describe, expect, it } from 'vitest';
import { identityPassthroughProblems } from '../../../src/compile/routes/identity-passthrough.js';
import { productionModeProblems } from '../../../src/compile/routes/production-mode.js';
import { formatProblem } from '../../../src/contracts/problem.js';
import { validateManifests } from '../../../src/validate/validate-manifests.js';
import { compileDocs, findManifest, json, resolvedRoute } from '../../support/compile-fixtures.js';
import { estateOf, toolGateway, toolRoute, type Doc } from '../../support/intent-fixtures.js';

const JWT = { jwt: { issuer: 'https://idp.example.com', audiences: ['tool-gateway'], jwks: { uri: 'https://idp.example.com/jwks' } } };
const SECURE_GW = toolGateway('tool-gateway', 'tg', { authentication: JWT });
const OPEN_GW = toolGateway('tool-gateway', 'tg');

const route = (auth: Doc, url = 'https://mcp.example.com/mcp', extra: Doc = {}) =>
  toolRoute('team-a', 'r', { upstream: { external: { url }, auth }, ...extra });

const lines = (docs: Doc[]) => identityPassthroughProblems(resolvedRoute(docs, 'team-a', 'r')).map(formatProblem);

describe('identity passthrough |', () => {
  it("emits the backend target's auth.passthrough, and the policy passes the validation gate", () => {
    const { objects, problems } = compileDocs([SECURE_GW, route({ passthrough: {} })]);
    expect(problems.filter((p) => p.severity === 'error')).toStrictEqual([]);
    const backend = findManifest(
      objects.map((o) => o.manifest),
      'AgentgatewayBackend',
      'team-a',
      'tg-r',
    );
    expect(json(backend.spec)).toMatchObject({
      mcp: { targets: [{ static: { policies: { auth: { passthrough: {} }, tls: { sni: 'mcp.example.com' } } } }] },
    });
    expect(validateManifests([{ manifest: backend, provenance: undefined }])).toStrictEqual([]);
  });

  it('keeps a header location beside passthrough', () => {
    const { objects } = compileDocs([SECURE_GW, route({ passthrough: {}, header: { name: 'X-User-Token' } })]);
    const backend = findManifest(
      objects.map((o) => o.manifest),
      'AgentgatewayBackend',
      'team-a',
      'tg-r',
    );
    expect(json(backend.spec)).toMatchObject({
      mcp: { targets: [{ static: { policies: { auth: { passthrough: {}, location: { header: { name: 'X-User-Token' } } } } } }] },
    });
  });

  it('is a build-time error without client authentication on the gateway, naming the route and the gateway', () => {
    const errors = compileDocs([OPEN_GW, route({ passthrough: {} })])
      .problems.filter((p) => p.severity === 'error')
      .map(formatProblem);
    expect(errors).toStrictEqual([
      "error: ToolRoute team-a/r: spec.upstream.auth.passthrough: forwards the caller's token validated by the gateway, but ToolGateway tool-gateway/tg has no client authentication, so there is no validated token and the upstream would get none; set spec.authentication.jwt on ToolGateway tool-gateway/tg, or use spec.upstream.auth.secretRef",
    ]);
  });

  it('refuses a gateway imported by name, whose authentication cannot be checked', () => {
    const { objects, problems } = compileDocs(
      [route({ passthrough: {} }, undefined, { toolGatewayRef: { name: 'tg', namespace: 'tool-gateway' } })],
      undefined,
      [{ name: 'tg', namespace: 'tool-gateway', imported: true }],
    );
    expect(objects).toStrictEqual([]);
    expect(problems.map(formatProblem)).toContainEqual(expect.stringContaining('ToolGateway tool-gateway/tg is imported by name'));
  });

  it('with client authentication, warns that the upstream holds a replayable token, and louder over plain text', () => {
    expect(lines([SECURE_GW, route({ passthrough: {} })])).toStrictEqual([
      "warning: ToolRoute team-a/r: spec.upstream.auth.passthrough: sends each caller's token, which ToolGateway tool-gateway/tg accepts, to the upstream; the upstream could replay it against every route of the gateway, and an upstream that follows the MCP authorization spec accepts only tokens issued for itself; use it only for an upstream trusted with the callers' identity, and have the issuer add the upstream to the token's audiences",
    ]);
    expect(lines([SECURE_GW, route({ passthrough: {} }, 'http://mcp.example.com/mcp')])[0]).toContain(
      'reached in plain text, so anyone on the path can read the token too',
    );
  });

  it('says nothing for a route without passthrough', () => {
    expect(lines([OPEN_GW, route({ secretRef: { name: 'token' } })])).toStrictEqual([]);
  });

  it('cannot be combined with secretRef, and auth needs one of the two', () => {
    const both = estateOf([OPEN_GW, route({ passthrough: {}, secretRef: { name: 'token' } })]).problems.map(formatProblem);
    expect(both).toStrictEqual([
      "error: ToolRoute team-a/r: spec.upstream.auth.passthrough: cannot be combined with secretRef: passthrough sends the caller's own token, secretRef the route's credential from a Secret, and agentgateway sends one; keep one of them",
    ]);
    const neither = estateOf([OPEN_GW, route({ header: { name: 'X-Token' } })]).problems.map(formatProblem);
    expect(neither).toStrictEqual([
      "error: ToolRoute team-a/r: spec.upstream.auth: needs secretRef (a credential from a Secret) or passthrough: {} (the caller's validated token)",
    ]);
  });

  it('counts as upstream credentials in production mode', () => {
    const docs = [SECURE_GW, route({ passthrough: {} }, undefined, { toolFilter: { allow: ['get_document'] }, productionMode: true })];
    expect(productionModeProblems(resolvedRoute(docs, 'team-a', 'r'), false)).toStrictEqual([]);
  });
});
