import { describe, expect, test } from 'vitest';
import { formatProblem, type Problem } from '../../../src/contracts/problem.js';
import { errorsOf } from '../../support/intent-fixtures.js';
import { compileDocs } from '../../support/compile-fixtures.js';
import { NetworkPolicyEvaluator, type NetworkEndpoint } from '../../../src/explain/network-policy-evaluator.js';

// What the pods really call besides their routes: the proxy's OTLP collector, the adapter's
// Presidio, a tool server's egress URL. Each is evaluated on the emitted policies.

const API = 'runtime.agentic-layer.ai/v1alpha1';
const cr = (kind: string, name: string, namespace: string, spec: Record<string, unknown>) => ({
  apiVersion: API,
  kind,
  metadata: { name, namespace },
  spec,
});
const gateway = (spec: Record<string, unknown> = {}) => cr('ToolGateway', 'tg', 'tool-gateway', spec);
const otel = (url: string, name = 'OTEL_EXPORTER_OTLP_ENDPOINT') => [
  { name, value: url },
  { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'http/protobuf' },
];
const provider = (presidio: Record<string, unknown>) => cr('GuardrailProvider', 'presidio', 'guards', { type: 'presidio-api', presidio });
const guarded = (presidio: Record<string, unknown>) => [
  provider(presidio),
  cr('Guard', 'pii', 'guards', { mode: ['pre_call'], providerRef: { name: 'presidio' }, allowedNamespaces: { from: 'All' } }),
  gateway({ guardrails: [{ name: 'pii', namespace: 'guards' }] }),
];
const opts = { reconciler: { enabled: false } } as const;

function evaluate(docs: unknown[]) {
  const { objects, problems } = compileDocs(docs, opts);
  expect(errorsOf(problems)).toStrictEqual([]);
  const policies = objects.map((o) => o.manifest).filter((m) => m.kind === 'NetworkPolicy');
  const evaluator = new NetworkPolicyEvaluator(policies, (ns) => ({ 'kubernetes.io/metadata.name': ns }));
  return { evaluator, warnings: problems.filter((p: Problem) => p.severity === 'warning').map(formatProblem) };
}

const proxy = { kind: 'pod' as const, namespace: 'tool-gateway', labels: { 'gateway.networking.k8s.io/gateway-name': 'tg' } };
const adapter = { kind: 'pod' as const, namespace: 'guards', labels: { app: 'pii-adapter' } };
const podIn = (namespace: string, labels: Record<string, string> = { app: 'collector' }): NetworkEndpoint => ({
  kind: 'pod',
  namespace,
  labels,
});
const tcp = (port: number) => ({ protocol: 'TCP' as const, port });
const world: NetworkEndpoint = { kind: 'external', ip: '203.0.113.7' };

describe('compileNetworkPolicies | the gateway proxy reaches its OTLP collector', () => {
  test('on the declared pod port, in the namespace a bare Service name resolves in, and nowhere else', () => {
    const { evaluator, warnings } = evaluate([gateway({ env: otel('http://otel:4318'), telemetry: { otlpTargetPort: 4318 } })]);
    expect(evaluator.allows(proxy, podIn('tool-gateway'), tcp(4318))).toBe(true);
    expect(evaluator.allows(proxy, podIn('tool-gateway'), tcp(4317))).toBe(false);
    expect(evaluator.allows(proxy, podIn('monitoring'), tcp(4318))).toBe(false);
    expect(evaluator.allows(proxy, world, tcp(4318))).toBe(false);
    expect(warnings.filter((w) => w.includes('otlpTargetPort'))).toEqual([]);
  });

  test('the declared pod port replaces the Service port of the URL', () => {
    const { evaluator } = evaluate([
      gateway({ env: otel('http://collector.monitoring.svc.cluster.local'), telemetry: { otlpTargetPort: 4318 } }),
    ]);
    expect(evaluator.allows(proxy, podIn('monitoring'), tcp(4318))).toBe(true);
    expect(evaluator.allows(proxy, podIn('monitoring'), tcp(80))).toBe(false);
  });

  test('without a declared port: every TCP port of the namespace, and a warning naming spec.telemetry.otlpTargetPort', () => {
    const { evaluator, warnings } = evaluate([gateway({ env: otel('http://otel:4318') })]);
    expect(evaluator.allows(proxy, podIn('tool-gateway'), tcp(4318))).toBe(true);
    expect(evaluator.allows(proxy, podIn('tool-gateway'), tcp(13133))).toBe(true);
    expect(evaluator.allows(proxy, podIn('tool-gateway'), { protocol: 'UDP', port: 4318 })).toBe(false);
    expect(evaluator.allows(proxy, podIn('team-a'), tcp(4318))).toBe(false);
    expect(warnings).toContain(
      "warning: ToolGateway tool-gateway/tg: spec.env[0].value: names Service otel in namespace tool-gateway, which is no ToolServer of this estate, so the port its pods listen on is unknown here (a NetworkPolicy matches the pod port, not the Service port 4318) and the gateway's proxy (exporting traces) may reach every pod of namespace tool-gateway on any TCP port; set spec.telemetry.otlpTargetPort to the port the pods listen on (the Service's targetPort)",
    );
  });

  test('only the endpoint the proxy exports to: the traces endpoint wins over the general one', () => {
    const env = [
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://general.monitoring.svc:4318' },
      { name: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', value: 'http://traces.tracing.svc:4317' },
      { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'grpc' },
    ];
    const { evaluator, warnings } = evaluate([gateway({ env, telemetry: { otlpTargetPort: 4317 } })]);
    expect(evaluator.allows(proxy, podIn('tracing'), tcp(4317))).toBe(true);
    expect(evaluator.allows(proxy, podIn('monitoring'), tcp(4318))).toBe(false);
    expect(evaluator.allows(proxy, podIn('monitoring'), tcp(4317))).toBe(false);
    // The field of the variable the endpoint came from.
    expect(warnings.filter((w) => w.includes('spec.env[1]'))).toEqual([]);
  });

  test('an external collector is reached on its URL port through 0.0.0.0/0; a Secret-sourced endpoint gives no rule', () => {
    const external = evaluate([gateway({ env: otel('https://otlp.example.com') })]);
    expect(external.evaluator.allows(proxy, world, tcp(443))).toBe(true);
    expect(external.evaluator.allows(proxy, world, tcp(4318))).toBe(false);

    const env = [
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', valueFrom: { secretKeyRef: { name: 'otel', key: 'endpoint' } } },
      { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'grpc' },
    ];
    const secret = evaluate([gateway({ env })]);
    for (const port of [80, 443, 4317, 4318]) {
      expect(secret.evaluator.allows(proxy, world, tcp(port))).toBe(false);
      expect(secret.evaluator.allows(proxy, podIn('tool-gateway'), tcp(port))).toBe(false);
    }
    expect(secret.warnings.some((w) => w.includes('cannot allow the collector'))).toBe(true);
  });

  test('no endpoint, no rule', () => {
    const { evaluator } = evaluate([gateway({ telemetry: { otlpTargetPort: 4318 } })]);
    expect(evaluator.allows(proxy, podIn('tool-gateway'), tcp(4318))).toBe(false);
  });
});

describe('compileNetworkPolicies | the guard adapter reaches its Presidio', () => {
  test('on the declared pod port, not on the Service port of the URL nor on another namespace', () => {
    const { evaluator, warnings } = evaluate(guarded({ baseUrl: 'http://presidio.guards.svc', targetPort: 3000 }));
    const presidio = podIn('guards', { app: 'presidio' });
    expect(evaluator.allows(adapter, presidio, tcp(3000))).toBe(true);
    expect(evaluator.allows(adapter, presidio, tcp(80))).toBe(false);
    expect(evaluator.allows(adapter, presidio, tcp(8000))).toBe(false);
    expect(evaluator.allows(adapter, podIn('team-a', { app: 'presidio' }), tcp(3000))).toBe(false);
    expect(evaluator.allows(adapter, world, tcp(3000))).toBe(false);
    expect(warnings.filter((w) => w.includes('GuardrailProvider'))).toEqual([]);
  });

  test('without a declared port: every TCP port of the namespace, and a warning on the provider naming spec.presidio.targetPort', () => {
    const { evaluator, warnings } = evaluate(guarded({ baseUrl: 'http://presidio.guards.svc' }));
    const presidio = podIn('guards', { app: 'presidio' });
    expect(evaluator.allows(adapter, presidio, tcp(3000))).toBe(true);
    expect(evaluator.allows(adapter, presidio, tcp(80))).toBe(true);
    expect(evaluator.allows(adapter, podIn('team-a', { app: 'presidio' }), tcp(3000))).toBe(false);
    expect(evaluator.allows(adapter, world, tcp(80))).toBe(false);
    expect(warnings).toContain(
      "warning: GuardrailProvider guards/presidio: spec.presidio.baseUrl: names Service presidio in namespace guards, which is no ToolServer of this estate, so the port its pods listen on is unknown here (a NetworkPolicy matches the pod port, not the Service port 80) and the adapter of Guard guards/pii may reach every pod of namespace guards on any TCP port; set spec.presidio.targetPort to the port the pods listen on (the Service's targetPort)",
    );
  });

  test('a .svc host is in-cluster even in a namespace without a Namespace document', () => {
    const { evaluator } = evaluate(guarded({ baseUrl: 'http://presidio.guardrail-providers.svc', targetPort: 3000 }));
    expect(evaluator.allows(adapter, podIn('guardrail-providers'), tcp(3000))).toBe(true);
    expect(evaluator.allows(adapter, world, tcp(80))).toBe(false);
  });

  test('a two-label <svc>.<ns> host of an unknown namespace is taken as external, with a warning naming both ways in', () => {
    const { evaluator, warnings } = evaluate(guarded({ baseUrl: 'http://presidio.guardrail-providers' }));
    expect(evaluator.allows(adapter, world, tcp(80))).toBe(true);
    expect(evaluator.allows(adapter, podIn('guardrail-providers'), tcp(80))).toBe(false);
    expect(warnings).toContain(
      'warning: GuardrailProvider guards/presidio: spec.presidio.baseUrl: host presidio.guardrail-providers is taken as a host outside the cluster (0.0.0.0/0 on port 80), because guardrail-providers is no namespace of this estate; if it is Service presidio in namespace guardrail-providers, write presidio.guardrail-providers.svc or add a v1 Namespace document (a KnownNamespace construct) for guardrail-providers',
    );
  });

  test('with a Namespace document, the two-label host is in-cluster and does not warn as external', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'guardrail-providers' } };
    const { evaluator, warnings } = evaluate([ns, ...guarded({ baseUrl: 'http://presidio.guardrail-providers', targetPort: 3000 })]);
    expect(evaluator.allows(adapter, podIn('guardrail-providers'), tcp(3000))).toBe(true);
    expect(evaluator.allows(adapter, world, tcp(80))).toBe(false);
    expect(warnings.filter((w) => w.includes('outside the cluster'))).toEqual([]);
  });

  test('a public apex name is not mistaken for a namespace', () => {
    const { warnings } = evaluate(guarded({ baseUrl: 'https://presidio.example' }));
    expect(warnings.filter((w) => w.includes('outside the cluster'))).toEqual([]);
  });
});

describe('compileNetworkPolicies | a tool server reaches its egress URLs', () => {
  const server = (egress: unknown[]) => cr('ToolServer', 'db-tools', 'team-a', { image: 'x', egress });
  const pod = { kind: 'pod' as const, namespace: 'team-a', labels: { app: 'db-tools' } };

  test('on the declared pod port; without one, the namespace on any TCP port with a warning naming the entry', () => {
    const declared = evaluate([server([{ url: 'http://pg.data.svc:5432', targetPort: 5433 }])]);
    expect(declared.evaluator.allows(pod, podIn('data'), tcp(5433))).toBe(true);
    expect(declared.evaluator.allows(pod, podIn('data'), tcp(5432))).toBe(false);

    const open = evaluate([server([{ url: 'https://api.example.com' }, { url: 'http://pg.data.svc:5432' }])]);
    expect(open.evaluator.allows(pod, podIn('data'), tcp(5432))).toBe(true);
    expect(open.evaluator.allows(pod, podIn('data'), tcp(6432))).toBe(true);
    expect(open.evaluator.allows(pod, podIn('other'), tcp(5432))).toBe(false);
    expect(open.warnings).toContain(
      "warning: ToolServer team-a/db-tools: spec.egress[1].url: names Service pg in namespace data, which is no ToolServer of this estate, so the port its pods listen on is unknown here (a NetworkPolicy matches the pod port, not the Service port 5432) and the tool server may reach every pod of namespace data on any TCP port; set spec.egress[1].targetPort to the port the pods listen on (the Service's targetPort)",
    );
  });

  test("a URL naming a ToolServer of the estate is narrowed to that server's pods on its port", () => {
    const other = cr('ToolServer', 'weather', 'data', { image: 'x', port: 9000 });
    const { objects, problems } = compileDocs([other, server([{ url: 'http://weather.data.svc:9000' }])], opts);
    const policy = objects.map((o) => o.manifest).find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'db-tools-tool-server');
    // Egress only: the weather server's own ingress admits gateways, not other servers.
    expect((policy as any).spec.egress).toContainEqual({
      to: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } }, podSelector: { matchLabels: { app: 'weather' } } },
      ],
      ports: [{ protocol: 'TCP', port: 9000 }],
    });
    expect(problems.filter((p) => p.field?.startsWith('spec.egress'))).toEqual([]);
  });

  test('targetPort goes with a url, not with a cidr', () => {
    const { problems } = compileDocs([server([{ cidr: '10.0.0.0/8', ports: [5432], targetPort: 5432 }])], opts);
    expect(errorsOf(problems).map(formatProblem)).toEqual([
      'error: ToolServer team-a/db-tools: spec.egress[0].targetPort: goes with url; a cidr lists its ports',
    ]);
  });
});
