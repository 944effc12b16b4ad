import { describe, expect, test } from 'vitest';
import type { ToolGatewayApp } from '../../src/app/tool-gateway-app.js';
import { AllowedNamespaces } from '../../src/constructs/allowed-namespaces.js';
import { ToolGateway } from '../../src/constructs/tool-gateway.js';
import { ToolRoute } from '../../src/constructs/tool-route.js';
import { McpTransport, ToolServer } from '../../src/constructs/tool-server.js';
import { Upstream } from '../../src/constructs/upstream.js';
import type { Manifest } from '../../src/contracts/manifest.js';
import type { Problem } from '../../src/contracts/problem.js';
import { parseIntentDocument } from '../../src/intent/parse-intent.js';
import { NetworkPolicyEvaluator } from '../../src/explain/network-policy-evaluator.js';
import { chartIn, problemLines, testApp } from '../support/construct-app.js';

function built(app: ToolGatewayApp): Manifest[] {
  const result = app.build();
  expect(problemLines(result.problems.filter((p) => p.severity === 'error'))).toStrictEqual([]);
  return result.objects.map((o) => o.manifest);
}

function find(objects: readonly Manifest[], kind: string, namespace: string, name: string): unknown {
  return objects.find((m) => m.kind === kind && m.metadata.namespace === namespace && m.metadata.name === name);
}

/** The platform's app: a gateway, and a route of its own to nothing but an external server. */
function consumerApp(server: (app: ToolGatewayApp) => Parameters<typeof Upstream.toolServer>[0]) {
  const app = testApp({ reconciler: { enabled: false } });
  new ToolGateway(chartIn(app, 'tool-gateway'), 'shared');
  new ToolRoute(chartIn(app, 'team-b'), 'weather', { upstream: Upstream.toolServer(server(app)) });
  return app;
}

describe('ToolServer.fromName |', () => {
  test('a route to a server imported by name compiles to a backend at that server, and nothing is emitted for the server', () => {
    const app = consumerApp((a) =>
      ToolServer.fromName(chartIn(a, 'imports'), 'weather', 'weather', 'team-a', {
        port: 9000,
        transport: McpTransport.SSE,
        allowedNamespaces: AllowedNamespaces.all(),
      }),
    );
    const objects = built(app);
    const backend = find(objects, 'AgentgatewayBackend', 'team-b', 'shared-weather') as { spec: { mcp: { targets: unknown[] } } };
    expect(backend.spec.mcp.targets).toStrictEqual([
      { name: 'mcp-target', static: { host: 'weather.team-a.svc.cluster.local', port: 9000, path: '/sse', protocol: 'SSE' } },
    ]);
    expect(objects.filter((m) => m.metadata.namespace === 'team-a')).toStrictEqual([]);
  });

  test("honours the owner's consent it mirrors: Same by default refuses a route from another namespace", () => {
    const app = consumerApp((a) => ToolServer.fromName(chartIn(a, 'imports'), 'weather', 'weather', 'team-a'));
    const result = app.build();
    expect(result.files).toBeUndefined();
    expect(problemLines(result.problems)).toStrictEqual([
      'team-b/weather: spec.upstream.toolServerRef: ToolServer team-a/weather does not admit routes from namespace team-b: allowedNamespaces admits only its own namespace (from: Same, the default); its owner must allow it in spec.allowedNamespaces',
    ]);
  });

  test('checks the attributes with the ToolServer rules, at the construct path of the import', () => {
    const app = consumerApp((a) =>
      ToolServer.fromName(chartIn(a, 'imports'), 'weather', 'Weather', 'team-a', { port: 70000, path: 'mcp' }),
    );
    const lines = problemLines(app.build().problems);
    expect(lines).toContain('imports/weather: spec.port: 70000 is too large; the maximum is 65535');
    expect(lines).toContain('imports/weather: spec.path: "mcp" must start with "/"');
    expect(lines.some((l) => l.startsWith('imports/weather: metadata.name: "Weather" is not a valid name'))).toBe(true);
  });

  test('a ToolServer defined in the same app wins over an import of the same name', () => {
    const app = consumerApp((a) => {
      ToolServer.fromName(chartIn(a, 'imports'), 'weather', 'weather', 'team-b', { port: 9000 });
      return new ToolServer(chartIn(a, 'team-b', 'servers'), 'weather', { image: 'ghcr.io/example/weather-mcp:1.0.0', port: 8000 });
    });
    const backend = find(built(app), 'AgentgatewayBackend', 'team-b', 'shared-weather') as {
      spec: { mcp: { targets: { static: { port: number } }[] } };
    };
    expect(backend.spec.mcp.targets[0]!.static.port).toBe(8000);
  });
});

describe('ToolServer allowedGateways |', () => {
  /** The server's owner, in its own app; `admit` lists gateways of other apps. */
  function ownerApp(admit: (app: ToolGatewayApp) => ToolGateway[] | ReturnType<typeof ToolGateway.fromName>[]) {
    const app = testApp({ reconciler: { enabled: false } });
    new ToolServer(chartIn(app, 'team-a'), 'weather', {
      image: 'ghcr.io/example/weather-mcp:1.0.0',
      allowedNamespaces: AllowedNamespaces.all(),
      allowedGateways: admit(app),
    });
    return app;
  }

  const consumer = () =>
    consumerApp((a) =>
      ToolServer.fromName(chartIn(a, 'imports'), 'weather', 'weather', 'team-a', { allowedNamespaces: AllowedNamespaces.all() }),
    );
  const gatewayPod = (name: string) => ({
    kind: 'pod' as const,
    namespace: 'tool-gateway',
    labels: { 'gateway.networking.k8s.io/gateway-name': name },
  });
  const serverPod = { kind: 'pod' as const, namespace: 'team-a', labels: { app: 'weather' } };
  const tcp8080 = { protocol: 'TCP' as const, port: 8080 };

  test("the two apps' NetworkPolicies together let the consumer's gateway reach the server, and only that gateway", () => {
    const owner = ownerApp((a) => [ToolGateway.fromName(chartIn(a, 'imports'), 'shared', 'shared', 'tool-gateway')]);
    const evaluator = new NetworkPolicyEvaluator([...built(owner), ...built(consumer())], (ns) => ({ 'kubernetes.io/metadata.name': ns }));
    expect(evaluator.allows(gatewayPod('shared'), serverPod, tcp8080)).toBe(true);
    expect(evaluator.allows(gatewayPod('other'), serverPod, tcp8080)).toBe(false);
    expect(evaluator.allows(gatewayPod('shared'), serverPod, { protocol: 'TCP', port: 9090 })).toBe(false);
  });

  test('without the consumer gateway in allowedGateways, the owner’s policy refuses it', () => {
    const owner = ownerApp(() => []);
    const evaluator = new NetworkPolicyEvaluator([...built(owner), ...built(consumer())], (ns) => ({ 'kubernetes.io/metadata.name': ns }));
    expect(evaluator.allows(gatewayPod('shared'), serverPod, tcp8080)).toBe(false);
  });

  test('renders the gateways as references and refuses a reference of another kind', () => {
    const app = testApp();
    const gw = ToolGateway.fromName(chartIn(app, 'imports'), 'shared', 'shared', 'tool-gateway');
    const server = new ToolServer(chartIn(app, 'team-a'), 'weather', { image: 'ghcr.io/example/weather-mcp:1.0.0', allowedGateways: [gw] });
    expect(server._toIntentDocument().spec).toMatchObject({ allowedGateways: [{ name: 'shared', namespace: 'tool-gateway' }] });
    const problems: Problem[] = [];
    const doc = {
      ...server._toIntentDocument(),
      spec: { image: 'ghcr.io/example/weather-mcp:1.0.0', allowedGateways: [{ kind: 'Gateway', name: 'shared' }] },
    };
    expect(parseIntentDocument(doc, undefined, problems).type).toBe('invalid');
    expect(problems.map((p) => `${p.field ?? ''}: ${p.message}`)).toStrictEqual([
      'spec.allowedGateways[0].kind: must be "ToolGateway" (or left out)',
    ]);
  });
});
