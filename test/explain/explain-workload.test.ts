import { describe, expect, test } from 'vitest';
import { explainWorkload, parseWorkloadRef } from '../../src/explain/explain-workload.js';
import { compileValid } from '../support/compile-fixtures.js';

const API = 'runtime.agentic-layer.ai/v1alpha1';
const docs = [
  { apiVersion: API, kind: 'ToolGateway', metadata: { name: 'tg', namespace: 'tool-gateway' }, spec: {} },
  { apiVersion: API, kind: 'ToolServer', metadata: { name: 'weather', namespace: 'team-a' }, spec: { image: 'x', port: 8000 } },
  {
    apiVersion: API,
    kind: 'ToolRoute',
    metadata: { name: 'weather', namespace: 'team-a' },
    spec: { upstream: { toolServerRef: { name: 'weather' } } },
  },
];

describe('explainWorkload |', () => {
  const manifests = compileValid(docs, { reconciler: { enabled: false } });

  test('says who may reach a tool server and what it may reach', () => {
    expect(explainWorkload(manifests, { namespace: 'team-a', kind: 'deployment', name: 'weather' })).toEqual([
      'Deployment team-a/weather (pods app=weather, app.kubernetes.io/component=tool-server, app.kubernetes.io/managed-by=cdk8s-tool-gateway, app.kubernetes.io/name=weather, runtime.agentic-layer.ai/toolserver=weather)',
      'ingress: isolated by NetworkPolicy team-a/weather-tool-server; it may be reached by:',
      '  - pods gateway.networking.k8s.io/gateway-name=tg in namespace tool-gateway, on TCP 8000',
      'egress: isolated by NetworkPolicy team-a/weather-tool-server; it may reach:',
      '  - pods k8s-app=kube-dns in namespace kube-system, on TCP 53',
      '  - pods k8s-app=kube-dns in namespace kube-system, on UDP 53',
    ]);
  });

  test('explains a gateway by its proxy pods', () => {
    const lines = explainWorkload(manifests, { namespace: 'tool-gateway', kind: 'gateway', name: 'tg' });
    expect(lines[0]).toBe('Gateway tool-gateway/tg (agentgateway proxy pods gateway.networking.k8s.io/gateway-name=tg)');
    expect(lines).toContain('  - all pods in any namespace, on TCP 80');
    expect(lines).toContain('  - pods app=weather in namespace team-a, on TCP 8000');
  });

  test('says when nothing isolates a workload', () => {
    const lines = explainWorkload(compileValid(docs, { reconciler: { enabled: false }, network: { enabled: false } }), {
      namespace: 'team-a',
      kind: 'deployment',
      name: 'weather',
    });
    expect(lines.slice(1)).toEqual(['ingress: not isolated; anything may reach it', 'egress: not isolated; anything may be reached']);
  });

  test('reports an unknown workload', () => {
    expect(explainWorkload(manifests, { namespace: 'team-a', kind: 'deployment', name: 'nope' })).toEqual([
      'no Deployment team-a/nope among the manifests',
    ]);
  });

  test('parses <namespace>/<kind>/<name> and rejects anything else with a hint', () => {
    expect(parseWorkloadRef('team-a/Deployment/weather')).toEqual({ namespace: 'team-a', kind: 'deployment', name: 'weather' });
    expect(parseWorkloadRef('team-a/weather')).toBe(
      '"team-a/weather" is not a workload; write <namespace>/deployment/<name> or <namespace>/gateway/<name>',
    );
  });
});
