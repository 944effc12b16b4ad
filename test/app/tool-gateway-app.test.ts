import { Chart } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { ToolGatewayApp } from '../../src/app/tool-gateway-app.js';
import { AllowedNamespaces } from '../../src/constructs/allowed-namespaces.js';
import { Guard, GuardMode } from '../../src/constructs/guard.js';
import { GuardrailProvider } from '../../src/constructs/guardrail-provider.js';
import { ToolFilter } from '../../src/constructs/tool-filter.js';
import { ToolGateway } from '../../src/constructs/tool-gateway.js';
import { ToolRoute } from '../../src/constructs/tool-route.js';
import { Egress, McpTransport, ToolServer } from '../../src/constructs/tool-server.js';
import { KnownNamespace } from '../../src/constructs/known-namespace.js';
import { Upstream } from '../../src/constructs/upstream.js';
import { defineDefaultEstate } from '../../src/main.js';
import { ClientAuthentication } from '../../src/constructs/client-authentication.js';
import { ToolSet, ToolSetPrefixMode } from '../../src/constructs/tool-set.js';
import { objectsOf, synthYamlInput } from '../support/synth-files.js';

function tsFrontDoor(define: (app: ToolGatewayApp) => void): Map<string, string> {
  const app = new ToolGatewayApp({ outdir: '/nonexistent' });
  define(app);
  const result = app.build();
  expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return result.files!;
}

/** The worked example (test/golden/worked-example), written with the constructs. */
function workedExample(app: ToolGatewayApp): void {
  const guards = new Chart(app, 'guards', { namespace: 'guards' });
  const presidio = new GuardrailProvider(guards, 'presidio', { presidioBaseUrl: 'http://presidio:8000' });
  const pii = new Guard(guards, 'pii', {
    modes: [GuardMode.PRE_CALL],
    provider: presidio,
    presidioEntityActions: { EMAIL_ADDRESS: 'MASK' },
    allowedNamespaces: AllowedNamespaces.all(),
  });
  const platform = new Chart(app, 'platform', { namespace: 'tool-gateway' });
  new ToolGateway(platform, 'tg', {
    env: [
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel:4318' },
      { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'http/protobuf' },
      { name: 'LOG_LEVEL', value: 'info' },
    ],
    guardrails: [pii],
  });
  const teamA = new Chart(app, 'team-a', { namespace: 'team-a' });
  const weather = new ToolServer(teamA, 'weather', {
    image: 'ghcr.io/example/weather-mcp:1.0.0',
    transport: McpTransport.STREAMABLE_HTTP,
    port: 8000,
  });
  // No gateway: the single ToolGateway in namespace tool-gateway is the default.
  new ToolRoute(teamA, 'weather-route', {
    name: 'weather',
    upstream: Upstream.toolServer(weather),
    toolFilter: ToolFilter.deny('*delete*'),
  });
}

/** test/golden/network-consent/input, written with the constructs. */
function networkConsent(app: ToolGatewayApp): void {
  const teamA = new Chart(app, 'team-a', { namespace: 'team-a' });
  new KnownNamespace(teamA, 'team-a', { labels: { tools: 'shared' } });
  const platform = new Chart(app, 'platform', { namespace: 'tool-gateway' });
  const tg = new ToolGateway(platform, 'tg', {
    allowedRoutes: AllowedNamespaces.selector({ tools: 'shared' }),
    allowedClients: AllowedNamespaces.same(),
  });
  const data = new Chart(app, 'data', { namespace: 'data' });
  const db = new ToolServer(data, 'db', {
    image: 'ghcr.io/example/db-mcp:2.0.0',
    allowedNamespaces: AllowedNamespaces.selector({ tools: 'shared' }),
    egress: [Egress.url('https://api.example.com/v1'), Egress.cidr('10.20.0.0/16', 5432)],
    runAsUser: 1000,
    readOnlyRootFilesystem: false,
  });
  new ToolRoute(teamA, 'db-route', { name: 'db', gateway: tg, upstream: Upstream.toolServer(db) });
}

/** test/golden/toolset-authorization/input, written with the constructs. */
function toolSetAuthorization(app: ToolGatewayApp): void {
  const platform = new Chart(app, 'platform', { namespace: 'tool-gateway' });
  const shared = new ToolGateway(platform, 'shared', {
    authentication: ClientAuthentication.jwt({
      issuer: 'https://idp.example.com/realms/agents',
      audiences: ['tool-gateway'],
      jwksUri: 'https://idp.example.com/realms/agents/protocol/openid-connect/certs',
    }),
  });
  const teamA = new Chart(app, 'team-a', { namespace: 'team-a' });
  const teamB = new Chart(app, 'team-b', { namespace: 'team-b' });
  const weatherServer = new ToolServer(teamA, 'weather', { image: 'ghcr.io/example/weather-mcp:1.0.0', port: 8000 });
  const papersServer = new ToolServer(teamB, 'papers', { image: 'ghcr.io/example/papers-mcp:1.0.0', port: 8000 });
  const weather = new ToolRoute(teamA, 'weather-route', {
    name: 'weather',
    gateway: shared,
    upstream: Upstream.toolServer(weatherServer),
    toolFilter: ToolFilter.deny('*delete*'),
    authorization: [
      { claims: { groups: ['sre', 'platform'] }, scopes: ['tools.write'], tools: ToolFilter.allow('restart_*').deny('restart_database') },
      { claims: { sub: ['ci-bot'] }, tools: ToolFilter.allow('get_*') },
    ],
  });
  const papers = new ToolRoute(teamB, 'papers-route', {
    name: 'papers',
    gateway: shared,
    upstream: Upstream.toolServer(papersServer),
    authorization: [{ claims: { 'realm_access.roles': ['researcher'] } }],
    allowedToolSets: AllowedNamespaces.all(),
  });
  new ToolSet(teamA, 'research', { gateway: shared, routes: [weather], prefixMode: ToolSetPrefixMode.ALWAYS }).addRoute(papers);
}

describe('front doors |', () => {
  test('ToolSet and authorization give byte-identical files from YAML and from TypeScript', () => {
    const fromYaml = synthYamlInput('test/golden/toolset-authorization/input');
    const fromTs = tsFrontDoor(toolSetAuthorization);
    expect([...fromTs.keys()].sort()).toEqual([...fromYaml.keys()].sort());
    for (const [path, text] of fromYaml) expect(fromTs.get(path), path).toBe(text);
    expect(fromYaml.get('team-a/agentgatewaybackend-shared-research.yaml')).toContain('prefixMode: Always');
  });

  test('the worked example gives byte-identical files from YAML and from TypeScript', () => {
    const fromYaml = synthYamlInput('test/golden/worked-example/input');
    const fromTs = tsFrontDoor(workedExample);
    expect([...fromTs.keys()]).toEqual([...fromYaml.keys()]);
    for (const [path, text] of fromYaml) expect(fromTs.get(path), path).toBe(text);
  });

  test('the default app and examples/default-estate give byte-identical files', () => {
    const fromYaml = synthYamlInput('examples/default-estate');
    const fromTs = tsFrontDoor(defineDefaultEstate);
    expect([...fromTs.keys()].sort()).toEqual([...fromYaml.keys()].sort());
    for (const [path, text] of fromYaml) expect(fromTs.get(path), path).toBe(text);
  });

  test('consent and isolation fields give byte-identical files from YAML and from TypeScript', () => {
    const fromYaml = synthYamlInput('test/golden/network-consent/input');
    const fromTs = tsFrontDoor(networkConsent);
    expect([...fromTs.keys()].sort()).toEqual([...fromYaml.keys()].sort());
    for (const [path, text] of fromYaml) expect(fromTs.get(path), path).toBe(text);
    expect(fromYaml.get('data/networkpolicy-db-tool-server.yaml')).toContain('cidr: 10.20.0.0/16');
  });

  // The whole output of the worked example, file by file, is the golden case
  // test/golden/worked-example; this test names where it differs from the operator's output.
  test('the worked example keeps the objects the operator emits, with our fixes', () => {
    const o = objectsOf(synthYamlInput('test/golden/worked-example/input'));
    // The status carriers: upstream fields only, references written in full, our class on the gateway.
    expect(o['ToolRoute team-a/weather'].spec).toEqual({
      toolFilter: { deny: ['*delete*'] },
      toolGatewayRef: { name: 'tg', namespace: 'tool-gateway' },
      upstream: { toolServerRef: { name: 'weather', namespace: 'team-a' } },
    });
    expect(o['ToolGateway tool-gateway/tg'].spec.toolGatewayClassName).toBe('cdk8s-tool-gateway');
    expect(o['Guard guards/pii'].spec).not.toHaveProperty('allowedNamespaces');
    // OTEL trace variables become agentgateway's tracing config; the rest of the env stays.
    const params = o['AgentgatewayParameters tool-gateway/tg'].spec;
    expect(params.rawConfig).toEqual({ config: { tracing: { otlpEndpoint: 'http://otel:4318', otlpProtocol: 'http' } } });
    expect(params.env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
    // The adapter is told the language the Guard leaves out, and the gateway's ext_proc fails closed.
    expect(o['ConfigMap guards/pii-adapter'].data['config.yaml']).toContain('  language: en\n');
    expect(o['AgentgatewayPolicy tool-gateway/tg-guardrail'].spec.traffic.extProc.failureMode).toBe('FailClosed');
    // The policy in tool-gateway may reach the adapter Service in guards.
    expect(o['ReferenceGrant guards/pii-adapter'].spec).toEqual({
      from: [{ group: 'agentgateway.dev', kind: 'AgentgatewayPolicy', namespace: 'tool-gateway' }],
      to: [{ group: '', kind: 'Service', name: 'pii-adapter' }],
    });
  });

  test('every emitted object carries managed-by and the labels of the intent it came from', () => {
    const o = objectsOf(synthYamlInput('test/golden/worked-example/input'));
    for (const [id, obj] of Object.entries(o)) {
      expect(obj.metadata.labels?.['app.kubernetes.io/managed-by'], id).toBe('cdk8s-tool-gateway');
    }
    expect(o['HTTPRoute team-a/tg-weather'].metadata.labels).toMatchObject({
      'runtime.agentic-layer.ai/toolgateway': 'tg',
      'runtime.agentic-layer.ai/toolgateway-namespace': 'tool-gateway',
      'runtime.agentic-layer.ai/toolroute': 'weather',
    });
  });

  test('every compile option given to the app reaches the compiler', () => {
    const app = new ToolGatewayApp({
      outdir: '/nonexistent',
      network: { enabled: false },
      reconciler: { enabled: false },
      clusterDomain: 'corp.internal',
    });
    const chart = new Chart(app, 'team-a', { namespace: 'team-a' });
    new ToolGateway(new Chart(app, 'p', { namespace: 'tool-gateway' }), 'shared');
    const server = new ToolServer(chart, 'weather', { image: 'ghcr.io/example/weather:1' });
    new ToolRoute(chart, 'r', { upstream: Upstream.toolServer(server) });
    const o = objectsOf(app.build().files!);
    expect(Object.keys(o).filter((k) => k.startsWith('NetworkPolicy') || k.includes('reconciler'))).toEqual([]);
    expect(o['AgentgatewayBackend team-a/shared-r'].spec.mcp.targets[0].static.host).toBe('weather.team-a.svc.corp.internal');
  });

  test('cdk8s ApiObjects in the app are emitted and validated alongside the compiled objects', async () => {
    const { ApiObject } = await import('cdk8s');
    const app = new ToolGatewayApp({ outdir: '/nonexistent' });
    const chart = new Chart(app, 'extra', { namespace: 'team-a' });
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } });
    const result = app.build();
    expect(Object.keys(objectsOf(result.files!))).toEqual(['ConfigMap team-a/settings']);
  });
});
