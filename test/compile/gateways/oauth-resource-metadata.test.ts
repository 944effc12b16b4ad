import { describe, expect, it } from 'vitest';
import { compileClientAuthentication } from '../../../src/compile/gateways/client-authentication.js';
import type { Problem } from '../../../src/contracts/problem.js';
import type { Manifest } from '../../../src/contracts/manifest.js';
import { formatProblem } from '../../../src/contracts/problem.js';
import { validateManifests } from '../../../src/validate/validate-manifests.js';
import { estateOf, intentOf, toolGateway, type Doc } from '../../support/intent-fixtures.js';

const JWT = {
  issuer: 'https://idp.example.com/realms/agents',
  audiences: ['https://tools.example.com'],
  jwks: { uri: 'https://idp.example.com/realms/agents/protocol/openid-connect/certs' },
};
const METADATA = {
  resource: 'https://tools.example.com',
  scopesSupported: ['tools:read', 'tools:call'],
  authorizationServers: ['https://idp.example.com/realms/agents'],
};

function compile(resourceMetadata: Doc, jwt: Doc = JWT) {
  const tg = intentOf('ToolGateway', toolGateway('tool-gateway', 'tg', { authentication: { jwt: { ...jwt, resourceMetadata } } }));
  const problems: Problem[] = [];
  const manifests = compileClientAuthentication(tg, problems);
  const policy = manifests.find((m) => m.kind === 'AgentgatewayPolicy')!;
  return { policy, manifests, problems: problems.map(formatProblem) };
}

const mcpOf = (policy: Manifest) => JSON.parse(JSON.stringify(policy.spec)).traffic.jwtAuthentication.mcp;

describe('OAuth resource metadata |', () => {
  it("becomes the JWT policy's MCP resourceMetadata, field for field, and passes the validation gate", () => {
    const { policy, manifests, problems } = compile(METADATA);
    expect(problems).toStrictEqual([]);
    expect(mcpOf(policy)).toStrictEqual({ resourceMetadata: METADATA });
    expect(validateManifests(manifests.map((manifest) => ({ manifest, provenance: undefined })))).toStrictEqual([]);
  });

  it('writes only the fields given, leaving the rest to agentgateway', () => {
    expect(mcpOf(compile({ scopesSupported: ['openid'] }).policy)).toStrictEqual({ resourceMetadata: { scopesSupported: ['openid'] } });
  });

  it('keeps mcp: {} for a gateway without resource metadata (existing output unchanged)', () => {
    const tg = intentOf('ToolGateway', toolGateway('tool-gateway', 'tg', { authentication: { jwt: JWT } }));
    const policy = compileClientAuthentication(tg, []).find((m) => m.kind === 'AgentgatewayPolicy')!;
    expect(mcpOf(policy)).toStrictEqual({});
  });

  it('warns when the resource is none of the audiences, and for http URLs', () => {
    const { problems } = compile(
      { resource: 'http://tools.example.com', authorizationServers: ['http://idp.example.com'] },
      { ...JWT, audiences: ['tool-gateway'] },
    );
    expect(problems).toStrictEqual([
      'warning: ToolGateway tool-gateway/tg: spec.authentication.jwt.resourceMetadata.resource: "http://tools.example.com" uses http, so MCP clients send their tokens to it in plain text; serve the gateway behind https and use that URL',
      'warning: ToolGateway tool-gateway/tg: spec.authentication.jwt.resourceMetadata.resource: "http://tools.example.com" is none of spec.authentication.jwt.audiences; MCP clients ask for tokens for this resource, which carry it as their audience, and the gateway would reject them; add it to audiences unless the authorization server sets another audience',
      'warning: ToolGateway tool-gateway/tg: spec.authentication.jwt.resourceMetadata.authorizationServers[0]: "http://idp.example.com" uses http, so MCP clients would log in and receive tokens in plain text; use its https URL',
    ]);
  });

  it('applies the URL rules to resource and authorizationServers, and checks scopes, when the gateway is read', () => {
    const read = (resourceMetadata: Doc) =>
      estateOf([toolGateway('tool-gateway', 'tg', { authentication: { jwt: { ...JWT, resourceMetadata } } })]).problems.map(formatProblem);
    expect(read({ resource: 'https://tools.example.com/mcp#frag' })).toStrictEqual([
      'error: ToolGateway tool-gateway/tg: spec.authentication.jwt.resourceMetadata.resource: "https://tools.example.com/mcp#***" has a fragment, which is never sent to a server; remove it',
    ]);
    const leaky = read({ authorizationServers: ['https://admin:s3cret@idp.example.com'] });
    expect(leaky[0]).toContain('spec.authentication.jwt.resourceMetadata.authorizationServers[0]: ');
    expect(leaky[0]).toContain('carries credentials in the URL');
    expect(leaky[0]).not.toContain('s3cret');
    expect(read({ scopesSupported: ['tools read'] })).toStrictEqual([
      `error: ToolGateway tool-gateway/tg: spec.authentication.jwt.resourceMetadata.scopesSupported[0]: "tools read" is not a valid OAuth scope; allowed: 1 to 256 printable ASCII characters other than space, '"' and '\\' (RFC 6749)`,
    ]);
    expect(read({ scopesSupported: [] })).toStrictEqual([
      'error: ToolGateway tool-gateway/tg: spec.authentication.jwt.resourceMetadata.scopesSupported: needs at least 1 item(s)',
    ]);
    expect(read({ issuer: 'x' })[0]).toContain('spec.authentication.jwt.resourceMetadata.issuer: unknown field');
  });
});
