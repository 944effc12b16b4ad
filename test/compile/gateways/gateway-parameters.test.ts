import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/contracts/problem.js';
import { compileGatewayParameters } from '../../../src/compile/gateways/gateway-parameters.js';
import type { Manifest } from '../../../src/contracts/manifest.js';
import { intentOf, toolGateway, type Doc } from '../../support/intent-fixtures.js';

const LABELS = {
  'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway',
  'runtime.agentic-layer.ai/toolgateway': 'tg',
  'runtime.agentic-layer.ai/toolgateway-namespace': 'tool-gateway',
};

function compile(spec: Doc = {}): { manifest: Manifest; spec: Record<string, unknown>; problems: Problem[] } {
  const problems: Problem[] = [];
  const manifest = compileGatewayParameters(intentOf('ToolGateway', toolGateway('tool-gateway', 'tg', spec)), problems);
  return { manifest, spec: manifest.spec as Record<string, unknown>, problems };
}

describe('compileGatewayParameters | operator fields', () => {
  it('emits only a ClusterIP service for a bare ToolGateway, with no empty lists', () => {
    const { manifest, problems } = compile();
    expect(problems).toStrictEqual([]);
    expect(manifest).toStrictEqual({
      apiVersion: 'agentgateway.dev/v1alpha1',
      kind: 'AgentgatewayParameters',
      metadata: { name: 'tg', namespace: 'tool-gateway', labels: LABELS },
      spec: { service: { spec: { type: 'ClusterIP' } } },
    });
  });

  it('translates the worked example (test/fixtures/worked-example): tracing into rawConfig, the rest of env kept', () => {
    const { spec, problems } = compile({
      env: [
        { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel:4318' },
        { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'http/protobuf' },
        { name: 'LOG_LEVEL', value: 'info' },
      ],
    });
    expect(problems).toStrictEqual([]);
    expect(spec).toStrictEqual({
      env: [{ name: 'LOG_LEVEL', value: 'info' }],
      rawConfig: { config: { tracing: { otlpEndpoint: 'http://otel:4318', otlpProtocol: 'http' } } },
      service: { spec: { type: 'ClusterIP' } },
    });
  });

  it('keeps the order of the remaining env variables, valueFrom included', () => {
    const env = [
      { name: 'Z', value: '1' },
      { name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      { name: 'M', value: '$(Z)' },
    ];
    expect(compile({ env }).spec.env).toStrictEqual(env);
  });

  it('leaves env out when only OTEL variables were given, and rawConfig out without an endpoint', () => {
    const { spec } = compile({
      env: [
        { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel:4317' },
        { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'grpc' },
      ],
    });
    expect(spec).not.toHaveProperty('env');
    expect(spec.rawConfig).toStrictEqual({ config: { tracing: { otlpEndpoint: 'http://otel:4317', otlpProtocol: 'grpc' } } });
    expect(compile({ env: [{ name: 'A', value: 'b' }] }).spec).not.toHaveProperty('rawConfig');
  });

  it('puts envFrom on the agentgateway container, verbatim', () => {
    const envFrom = [{ configMapRef: { name: 'my-config' } }, { secretRef: { name: 'my-secret' }, prefix: 'S_' }];
    expect(compile({ envFrom }).spec.deployment).toStrictEqual({
      spec: { template: { spec: { containers: [{ name: 'agentgateway', envFrom }] } } },
    });
  });

  it('writes no deployment overlay for an empty envFrom list', () => {
    expect(compile({ envFrom: [], env: [] }).spec).toStrictEqual({ service: { spec: { type: 'ClusterIP' } } });
  });

  it('reports OTEL translation warnings against spec.env, without failing', () => {
    const { problems, spec } = compile({ env: [{ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel:4318' }] });
    expect(spec.rawConfig).toStrictEqual({ config: { tracing: { otlpEndpoint: 'http://otel:4318' } } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      severity: 'warning',
      object: { kind: 'ToolGateway', namespace: 'tool-gateway', name: 'tg' },
      field: 'spec.env',
    });
    expect(problems[0]!.message).toMatch(/^env OTEL_EXPORTER_OTLP_ENDPOINT sets a tracing endpoint but no protocol is given/);
  });
});

describe('compileGatewayParameters | commonMetadata and podMetadata (ignored by the operator)', () => {
  it('applies commonMetadata to the proxy Deployment, its Service and its pods', () => {
    const common = { labels: { team: 'a' }, annotations: { owner: 'platform' } };
    expect(compile({ commonMetadata: common }).spec).toStrictEqual({
      deployment: { metadata: common, spec: { template: { metadata: common } } },
      service: { metadata: common, spec: { type: 'ClusterIP' } },
    });
  });

  it('applies podMetadata to the pod template only', () => {
    const pod = { labels: { 'sidecar.istio.io/inject': 'false' }, annotations: { 'prometheus.io/scrape': 'true' } };
    expect(compile({ podMetadata: pod }).spec).toStrictEqual({
      deployment: { spec: { template: { metadata: pod } } },
      service: { spec: { type: 'ClusterIP' } },
    });
  });

  it('merges both on the pods, podMetadata winning a shared key, next to envFrom', () => {
    const { spec } = compile({
      commonMetadata: { labels: { team: 'a', tier: 'common' } },
      podMetadata: { labels: { tier: 'pod' }, annotations: { a: '1' } },
      envFrom: [{ configMapRef: { name: 'cfg' } }],
    });
    expect(spec.deployment).toStrictEqual({
      metadata: { labels: { team: 'a', tier: 'common' } },
      spec: {
        template: {
          metadata: { labels: { team: 'a', tier: 'pod' }, annotations: { a: '1' } },
          spec: { containers: [{ name: 'agentgateway', envFrom: [{ configMapRef: { name: 'cfg' } }] }] },
        },
      },
    });
  });

  it('writes no overlay for empty metadata maps', () => {
    expect(compile({ commonMetadata: { labels: {}, annotations: {} }, podMetadata: {} }).spec).toStrictEqual({
      service: { spec: { type: 'ClusterIP' } },
    });
  });

  it('writes labels without an annotations key and the reverse', () => {
    const { spec } = compile({ commonMetadata: { labels: { team: 'a' }, annotations: {} } });
    expect(spec.service).toStrictEqual({ metadata: { labels: { team: 'a' } }, spec: { type: 'ClusterIP' } });
  });
});
