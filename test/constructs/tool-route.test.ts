import { describe, expect, test } from 'vitest';
import { AllowedNamespaces } from '../../src/constructs/allowed-namespaces.js';
import { Guard, GuardMode } from '../../src/constructs/guard.js';
import { GuardrailProvider } from '../../src/constructs/guardrail-provider.js';
import { ToolFilter } from '../../src/constructs/tool-filter.js';
import { ToolGateway } from '../../src/constructs/tool-gateway.js';
import { ToolRoute, type IToolRoute } from '../../src/constructs/tool-route.js';
import { ToolServer } from '../../src/constructs/tool-server.js';
import { Upstream } from '../../src/constructs/upstream.js';
import { chartIn, problemLines, testApp } from '../support/construct-app.js';
import { intentOf } from '../support/intent-fixtures.js';

describe('ToolRoute |', () => {
  test('is an IToolRoute with the name and namespace it is published under', () => {
    const app = testApp();
    const route: IToolRoute = new ToolRoute(chartIn(app, 'team-a'), 'r', {
      name: 'weather',
      upstream: Upstream.external('https://mcp.example.com/mcp'),
    });
    expect([route.name, route.namespace, route.node.path]).toStrictEqual(['weather', 'team-a', 'team-a/r']);
  });

  test("renders an external upstream's pod port beside its URL, and leaves it out when not given", () => {
    const chart = chartIn(testApp(), 'team-a');
    const withPort = new ToolRoute(chart, 'legacy', { upstream: Upstream.external('http://legacy.tools.svc/mcp', { targetPort: 8080 }) });
    const doc = withPort._toIntentDocument();
    expect(doc.spec.upstream).toStrictEqual({ external: { url: 'http://legacy.tools.svc/mcp', targetPort: 8080 } });
    expect(intentOf('ToolRoute', doc).spec.upstream.external?.targetPort).toBe(8080);
    const plain = new ToolRoute(chart, 'plain', { upstream: Upstream.external('https://a.example.com/mcp') })._toIntentDocument();
    expect(plain.spec.upstream).toStrictEqual({ external: { url: 'https://a.example.com/mcp' } });
  });

  test('renders gateway, upstream, tool filter and guardrail as references written in full', () => {
    const app = testApp();
    const gateway = new ToolGateway(chartIn(app, 'tool-gateway'), 'shared');
    const guards = chartIn(app, 'guards');
    const pii = new Guard(guards, 'pii', { modes: [GuardMode.POST_CALL], provider: new GuardrailProvider(guards, 'presidio') });
    const data = chartIn(app, 'data');
    const db = new ToolServer(data, 'db', { image: 'ghcr.io/example/db-mcp:2.0.0' });
    const route = new ToolRoute(chartIn(app, 'team-a'), 'db-route', {
      name: 'db',
      gateway,
      upstream: Upstream.toolServer(db),
      toolFilter: ToolFilter.allow('get_*').deny('*delete*'),
      guardrail: pii,
    });
    const doc = route._toIntentDocument();
    expect(doc).toStrictEqual({
      apiVersion: 'runtime.agentic-layer.ai/v1alpha1',
      kind: 'ToolRoute',
      metadata: { name: 'db', namespace: 'team-a' },
      spec: {
        toolGatewayRef: { name: 'shared', namespace: 'tool-gateway' },
        upstream: { toolServerRef: { name: 'db', namespace: 'data' } },
        toolFilter: { allow: ['get_*'], deny: ['*delete*'] },
        guardrails: [{ name: 'pii', namespace: 'guards' }],
      },
    });
    expect(intentOf('ToolRoute', doc).spec.toolFilter).toStrictEqual({ allow: ['get_*'], deny: ['*delete*'] });
    expect(route.gateway).toBe(gateway);
    expect(route.upstream.server).toBe(db);
  });

  test('renders the same intent document the YAML holds, productionMode only when set', () => {
    const chart = chartIn(testApp(), 'team-a');
    const plain = new ToolRoute(chart, 'plain', { upstream: Upstream.external('https://a.example.com/mcp') });
    const off = new ToolRoute(chart, 'off', { upstream: Upstream.external('https://a.example.com/mcp'), productionMode: false });
    expect(plain._toIntentDocument().spec).toStrictEqual({ upstream: { external: { url: 'https://a.example.com/mcp' } } });
    expect(off._toIntentDocument().spec).toStrictEqual({
      upstream: { external: { url: 'https://a.example.com/mcp' } },
      productionMode: false,
    });
  });

  test('leaves out a tool filter without patterns', () => {
    const chart = chartIn(testApp(), 'team-a');
    const route = new ToolRoute(chart, 'r', { upstream: Upstream.external('https://a.example.com/mcp'), toolFilter: ToolFilter.allow() });
    expect(route._toIntentDocument().spec).not.toHaveProperty('toolFilter');
  });

  test('a route to a gateway of another app fails with a hint to import it by name', () => {
    const foreign = new ToolGateway(chartIn(testApp(), 'tool-gateway', 'p'), 'shared');
    const app = testApp();
    new ToolRoute(chartIn(app, 'team-a'), 'r', { gateway: foreign, upstream: Upstream.external('https://mcp.example.com/mcp') });
    const result = app.build();
    expect(result.files).toBeUndefined();
    expect(problemLines(result.problems)).toContain(
      'team-a/r: (no field): gateway p/shared belongs to another app; import it into this one with ToolGateway.fromName(scope, id, "shared", "tool-gateway")',
    );
  });

  test('a route to a tool server of another app fails, naming the server and how to import it', () => {
    const foreign = new ToolServer(chartIn(testApp(), 'data'), 'db', { image: 'ghcr.io/example/db-mcp:2.0.0' });
    const app = testApp();
    new ToolGateway(chartIn(app, 'tool-gateway'), 'shared');
    new ToolRoute(chartIn(app, 'team-a'), 'r', { upstream: Upstream.toolServer(foreign) });
    const result = app.build();
    expect(result.files).toBeUndefined();
    expect(problemLines(result.problems)).toContain(
      `team-a/r: (no field): upstream tool server data/db belongs to another app; import it into this one with ToolServer.fromName(scope, id, "db", "data", { port, path, allowedNamespaces }) and have its owner list this route's gateway in the server's allowedGateways`,
    );
  });

  describe('guard override |', () => {
    /** A gateway with a guard and a route bringing its own, as one app. */
    function estate(gatewayOverride: 'Allow' | 'Deny' | undefined, mode: 'Add' | 'Replace' | undefined) {
      const app = testApp({ reconciler: { enabled: false } });
      const guards = chartIn(app, 'tool-gateway');
      const provider = new GuardrailProvider(guards, 'presidio', { presidioBaseUrl: 'http://presidio:8000', presidioTargetPort: 3000 });
      const all = AllowedNamespaces.all();
      const pii = new Guard(guards, 'pii', { modes: [GuardMode.PRE_CALL], provider, allowedNamespaces: all });
      const strict = new Guard(guards, 'strict', { modes: [GuardMode.PRE_CALL], provider, allowedNamespaces: all });
      const gateway = new ToolGateway(guards, 'shared', { guardrails: [pii], guardrailRouteOverride: gatewayOverride });
      const route = new ToolRoute(chartIn(app, 'team-a'), 'payments-route', {
        name: 'payments',
        gateway,
        upstream: Upstream.external('https://mcp.example.com/mcp'),
        guardrail: strict,
        guardrailMode: mode,
      });
      return { app, gateway, route };
    }

    test('renders guardrailRouteOverride and guardrailMode only when set', () => {
      const set = estate('Allow', 'Replace');
      expect(set.gateway._toIntentDocument().spec).toMatchObject({ guardrailPolicy: { routeOverride: 'Allow' } });
      expect(set.route._toIntentDocument().spec).toMatchObject({ guardrailPolicy: { mode: 'Replace' } });
      const unset = estate(undefined, undefined);
      expect(unset.gateway._toIntentDocument().spec).not.toHaveProperty('guardrailPolicy');
      expect(unset.route._toIntentDocument().spec).not.toHaveProperty('guardrailPolicy');
    });

    test('Replace without the owner allowing it fails with the construct path, naming gateway and field', () => {
      for (const override of [undefined, 'Deny'] as const) {
        const result = estate(override, 'Replace').app.build();
        expect(result.files).toBeUndefined();
        expect(problemLines(result.problems)).toContain(
          'team-a/payments-route: spec.guardrailPolicy.mode: "Replace" would replace the guard of ToolGateway tool-gateway/shared (Guard tool-gateway/pii) with Guard tool-gateway/strict on this route, which the gateway\'s owner does not allow; the owner must set spec.guardrailPolicy.routeOverride: Allow on ToolGateway tool-gateway/shared, or leave mode at Add (the default) so both guards apply',
        );
      }
    });

    test('Replace with the owner allowing it builds, with a warning', () => {
      const result = estate('Allow', 'Replace').app.build();
      expect(result.files).toBeDefined();
      expect(result.problems.filter((p) => p.severity === 'warning').map((p) => p.origin?.constructPath)).toStrictEqual([
        'team-a/payments-route',
      ]);
    });

    test('the default mode adds: it builds without a warning', () => {
      const result = estate(undefined, undefined).app.build();
      expect(result.files).toBeDefined();
      expect(result.problems).toStrictEqual([]);
    });
  });
});
