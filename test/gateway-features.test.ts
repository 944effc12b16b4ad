import { Chart } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { ToolGatewayApp } from '../src/app/tool-gateway-app.js';
import { AllowedNamespaces } from '../src/constructs/allowed-namespaces.js';
import { ClientAuthentication } from '../src/constructs/client-authentication.js';
import { ToolFilter } from '../src/constructs/tool-filter.js';
import { ToolGateway } from '../src/constructs/tool-gateway.js';
import { ToolRoute } from '../src/constructs/tool-route.js';
import { ToolSet, ToolSetPrefixMode } from '../src/constructs/tool-set.js';
import { Upstream } from '../src/constructs/upstream.js';
import { BackendAuth } from '../src/constructs/upstream-security.js';
import { objectsOf, synthYamlInput } from './support/synth-files.js';

const EXAMPLE = 'examples/gateway-features';

/** examples/gateway-features, written with the constructs. */
function gatewayFeatures(app: ToolGatewayApp): void {
  const platform = new Chart(app, 'platform', { namespace: 'tool-gateway' });
  const agents = new ToolGateway(platform, 'agents', {
    authentication: ClientAuthentication.jwt({
      issuer: 'https://idp.example.com/realms/agents',
      audiences: ['https://tools.example.com'],
      jwksUri: 'https://idp.example.com/realms/agents/protocol/openid-connect/certs',
      resourceMetadata: {
        resource: 'https://tools.example.com',
        scopesSupported: ['tools:read', 'tools:call'],
        authorizationServers: ['https://idp.example.com/realms/agents'],
      },
    }),
    rateLimit: { requests: 1000, per: 'Minute', burst: 200 },
    accessLog: { otlp: { endpoint: 'http://otel-collector.observability.svc:4317', protocol: 'grpc', targetPort: 4317 } },
    metricsScrapers: AllowedNamespaces.selector({ 'kubernetes.io/metadata.name': 'monitoring' }),
  });
  const teamA = new Chart(app, 'team-a', { namespace: 'team-a' });
  new ToolRoute(teamA, 'crm', {
    gateway: agents,
    upstream: Upstream.external('https://crm-mcp.example.com/mcp', { auth: BackendAuth.passthrough() }),
    toolFilter: ToolFilter.allow('search_contacts', 'get_contact'),
    rateLimit: { requests: 100, per: 'Minute', burst: 20 },
  });
  const calendar = new ToolRoute(teamA, 'calendar', {
    gateway: agents,
    upstream: Upstream.external('https://calendar-mcp.example.com/mcp'),
    toolFilter: ToolFilter.deny('*_admin'),
    authorization: [
      { claims: { groups: ['assistants'] }, scopes: ['tools:call'], tools: ToolFilter.allow('list_*', 'get_*') },
      { claims: { groups: ['schedulers'] }, tools: ToolFilter.allow('*_event').deny('delete_event') },
    ],
  });
  const docs = new ToolRoute(teamA, 'docs', {
    gateway: agents,
    upstream: Upstream.external('https://docs-mcp.example.com/mcp'),
    toolFilter: ToolFilter.allow('get_*', 'search_*'),
  });
  new ToolSet(teamA, 'office', {
    gateway: agents,
    routes: [calendar],
    prefixMode: ToolSetPrefixMode.ALWAYS,
    rateLimit: { requests: 300, per: 'Minute', burst: 50 },
  }).addRoute(docs);
}

describe('examples/gateway-features |', () => {
  test('synthesizes through the validation gate with every new field in place, a ToolSet included', () => {
    const o = objectsOf(synthYamlInput(EXAMPLE));
    expect(o['AgentgatewayPolicy tool-gateway/agents-jwt'].spec.traffic.jwtAuthentication.mcp).toStrictEqual({
      resourceMetadata: {
        resource: 'https://tools.example.com',
        scopesSupported: ['tools:read', 'tools:call'],
        authorizationServers: ['https://idp.example.com/realms/agents'],
      },
    });
    expect(o['AgentgatewayPolicy tool-gateway/agents-ratelimit'].spec.traffic.rateLimit.local).toStrictEqual([
      { requests: 1000, unit: 'Minutes', burst: 200 },
    ]);
    expect(o['AgentgatewayPolicy team-a/agents-crm-ratelimit'].spec.traffic.rateLimit.local).toStrictEqual([
      { requests: 100, unit: 'Minutes', burst: 20 },
    ]);
    expect(o['AgentgatewayPolicy team-a/agents-office-ratelimit'].spec).toStrictEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'agents-office' }],
      traffic: { rateLimit: { local: [{ requests: 300, unit: 'Minutes', burst: 50 }] } },
    });
    expect(o['AgentgatewayBackend team-a/agents-office'].spec.mcp.targets.map((t: { name: string }) => t.name)).toEqual([
      'calendar',
      'docs',
    ]);
    expect(o['AgentgatewayPolicy team-a/agents-office-toolfilter'].spec.backend.mcp.authorization.policy.matchExpressions[0]).toContain(
      'mcp.tool.target == "calendar"',
    );
    expect(o['AgentgatewayBackend team-a/agents-crm'].spec.mcp.targets[0].static.policies.auth).toStrictEqual({ passthrough: {} });
    expect(o['AgentgatewayPolicy tool-gateway/agents-observability'].spec.frontend.accessLog.otlp.backendRef.name).toBe('agents-otlp-logs');
    expect(o['AgentgatewayBackend tool-gateway/agents-otlp-logs'].spec.static).toStrictEqual({
      host: 'otel-collector.observability.svc',
      port: 4317,
    });
  });

  test('the same estate written in TypeScript gives byte-identical files', () => {
    const fromYaml = synthYamlInput(EXAMPLE);
    const app = new ToolGatewayApp({ outdir: '/nonexistent' });
    gatewayFeatures(app);
    const result = app.build();
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const fromTs = result.files!;
    expect([...fromTs.keys()].sort()).toEqual([...fromYaml.keys()].sort());
    for (const [path, text] of fromYaml) expect(fromTs.get(path), path).toBe(text);
  });
});
