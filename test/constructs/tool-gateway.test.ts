import { describe, expect, test } from 'vitest';
import { AllowedNamespaces } from '../../src/constructs/allowed-namespaces.js';
import { ClientAuthentication } from '../../src/constructs/client-authentication.js';
import { Guard, GuardMode } from '../../src/constructs/guard.js';
import { GuardrailProvider } from '../../src/constructs/guardrail-provider.js';
import { ToolGateway } from '../../src/constructs/tool-gateway.js';
import { ToolRoute } from '../../src/constructs/tool-route.js';
import { Upstream } from '../../src/constructs/upstream.js';
import { chartIn, testApp } from '../support/construct-app.js';
import { intentOf } from '../support/intent-fixtures.js';
import { objectsOf } from '../support/synth-files.js';

describe('ToolGateway |', () => {
  test('renders every prop into the ToolGateway document the YAML front door reads', () => {
    const app = testApp();
    const guards = chartIn(app, 'guards');
    const pii = new Guard(guards, 'pii', { modes: [GuardMode.PRE_CALL], provider: new GuardrailProvider(guards, 'presidio') });
    const gateway = new ToolGateway(chartIn(app, 'tool-gateway'), 'shared', {
      env: [{ name: 'LOG_LEVEL', value: 'info' }],
      envFrom: [{ secretRef: { name: 'gateway-env' } }],
      guardrails: [pii],
      authentication: ClientAuthentication.jwt({
        issuer: 'https://idp.example.com',
        audiences: ['tool-gateway'],
        jwksUri: 'https://idp.example.com/jwks',
      }),
      commonLabels: { team: 'platform' },
      commonAnnotations: { owner: 'platform' },
      podLabels: { tier: 'edge' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      toolGatewayClassName: 'agentgateway',
      allowedRoutes: AllowedNamespaces.selector({ tools: 'shared' }),
      allowedClients: AllowedNamespaces.same(),
      otlpTargetPort: 4318,
    });
    const doc = gateway._toIntentDocument();
    expect(doc).toStrictEqual({
      apiVersion: 'runtime.agentic-layer.ai/v1alpha1',
      kind: 'ToolGateway',
      metadata: { name: 'shared', namespace: 'tool-gateway' },
      spec: {
        toolGatewayClassName: 'agentgateway',
        env: [{ name: 'LOG_LEVEL', value: 'info' }],
        envFrom: [{ secretRef: { name: 'gateway-env' } }],
        commonMetadata: { labels: { team: 'platform' }, annotations: { owner: 'platform' } },
        podMetadata: { labels: { tier: 'edge' }, annotations: { 'prometheus.io/scrape': 'true' } },
        guardrails: [{ name: 'pii', namespace: 'guards' }],
        authentication: {
          jwt: { issuer: 'https://idp.example.com', audiences: ['tool-gateway'], jwks: { uri: 'https://idp.example.com/jwks' } },
        },
        allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { tools: 'shared' } } } },
        // Same: the gateway's own namespace, by the label the API server sets on every namespace.
        allowedClients: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tool-gateway' } } },
        telemetry: { otlpTargetPort: 4318 },
      },
    });
    expect(intentOf('ToolGateway', doc).spec.telemetry).toStrictEqual({ otlpTargetPort: 4318 });
    expect(intentOf('ToolGateway', doc).spec.guardrails).toStrictEqual([{ name: 'pii', namespace: 'guards' }]);
  });

  test('renders an empty spec without props, and leaves allowedClients out for all namespaces', () => {
    const chart = chartIn(testApp(), 'tool-gateway');
    const plain = new ToolGateway(chart, 'plain')._toIntentDocument();
    expect(plain.spec).toStrictEqual({});
    expect(intentOf('ToolGateway', plain).name).toBe('plain');
    const open = new ToolGateway(chart, 'open', { allowedClients: AllowedNamespaces.all() })._toIntentDocument();
    expect(open.spec).toStrictEqual({});
  });

  test('fromName imports a gateway owned elsewhere: routes attach to it and nothing is emitted for it', () => {
    const app = testApp();
    const chart = chartIn(app, 'team-a');
    const shared = ToolGateway.fromName(chart, 'shared', 'shared', 'platform');
    expect(ToolGateway.isImported(shared)).toBe(true);
    expect(ToolGateway.isImported(new ToolGateway(chartIn(app, 'tool-gateway'), 'own'))).toBe(false);
    new ToolRoute(chart, 'r', { gateway: shared, upstream: Upstream.external('https://mcp.example.com/mcp') });
    const o = objectsOf(app.build().files!);
    expect(
      Object.keys(o)
        .filter((k) => k.includes('/shared-r'))
        .sort(),
    ).toEqual(['AgentgatewayBackend team-a/shared-r', 'HTTPRoute team-a/shared-r']);
    expect(Object.keys(o).filter((k) => /^(Gateway|ToolGateway|AgentgatewayParameters) \S+\/shared$/.test(k))).toEqual([]);
    expect(o['HTTPRoute team-a/shared-r'].spec.parentRefs[0]).toMatchObject({ name: 'shared', namespace: 'platform' });
    // The reconciler reads that gateway's address (and nothing else) in its namespace.
    expect(o['Role platform/tool-gateway-reconciler'].rules).toEqual([
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['gateways'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(o['ToolRoute team-a/r'].spec.toolGatewayRef).toEqual({ name: 'shared', namespace: 'platform' });
  });
});
