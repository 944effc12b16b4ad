import { describe, expect, it } from 'vitest';
import { compileGateway, gatewayUrl } from '../../../src/compile/gateways/gateway.js';
import { intentOf, toolGateway } from '../../support/intent-fixtures.js';

describe('compileGateway |', () => {
  it('emits the operator Gateway plus our provenance labels', () => {
    const tg = intentOf('ToolGateway', toolGateway('tool-gateway', 'tg', { toolGatewayClassName: 'some-class' }));
    expect(compileGateway(tg)).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: {
        name: 'tg',
        namespace: 'tool-gateway',
        labels: {
          'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway',
          'runtime.agentic-layer.ai/toolgateway': 'tg',
          'runtime.agentic-layer.ai/toolgateway-namespace': 'tool-gateway',
        },
      },
      spec: {
        gatewayClassName: 'agentgateway',
        infrastructure: { parametersRef: { group: 'agentgateway.dev', kind: 'AgentgatewayParameters', name: 'tg' } },
        listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } }],
      },
    });
  });

  it('hard-codes the agentgateway class whatever toolGatewayClassName says, and writes no hostname, TLS or addresses', () => {
    const spec = compileGateway(intentOf('ToolGateway', toolGateway('gw', 'edge', { toolGatewayClassName: 'custom' }))).spec as Record<
      string,
      unknown
    >;
    expect(spec.gatewayClassName).toBe('agentgateway');
    expect(Object.keys(spec).sort()).toStrictEqual(['gatewayClassName', 'infrastructure', 'listeners']);
    expect(Object.keys((spec.listeners as object[])[0]!).sort()).toStrictEqual(['allowedRoutes', 'name', 'port', 'protocol']);
  });

  it('names the Gateway and its parametersRef after the ToolGateway', () => {
    const m = compileGateway(intentOf('ToolGateway', toolGateway('gw', 'edge')));
    const spec = m.spec as { infrastructure: { parametersRef: { name: string } } };
    expect([m.metadata.name, m.metadata.namespace, spec.infrastructure.parametersRef.name]).toStrictEqual(['edge', 'gw', 'edge']);
  });
});

describe('gatewayUrl |', () => {
  it('is the in-cluster URL of the proxy Service without port or trailing slash', () => {
    expect(gatewayUrl({ name: 'tg', namespace: 'tool-gateway' }, 'cluster.local')).toBe('http://tg.tool-gateway.svc.cluster.local');
    expect(gatewayUrl({ name: 'edge', namespace: 'gw' }, 'corp.internal')).toBe('http://edge.gw.svc.corp.internal');
  });
});
