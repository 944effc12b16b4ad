import { describe, expect, it } from 'vitest';
import { compileHttpRoute, routePath } from '../../../src/compile/routes/http-route.js';
import { routeToServer, routeToUrl, toolGateway, toolServer } from '../../support/intent-fixtures.js';
import { resolvedRoute } from '../../support/compile-fixtures.js';

describe('compileHttpRoute |', () => {
  it('emits the worked-example HTTPRoute with explicit parentRef group and kind', () => {
    const r = resolvedRoute(
      [toolGateway('tool-gateway', 'tg'), toolServer('team-a', 'weather'), routeToServer('team-a', 'weather', 'weather')],
      'team-a',
      'weather',
    );
    expect(compileHttpRoute(r)).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: {
        name: 'tg-weather',
        namespace: 'team-a',
        labels: {
          'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway',
          'runtime.agentic-layer.ai/toolgateway': 'tg',
          'runtime.agentic-layer.ai/toolgateway-namespace': 'tool-gateway',
          'runtime.agentic-layer.ai/toolroute': 'weather',
        },
      },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'tg', namespace: 'tool-gateway' }],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/team-a/weather/mcp' } }],
            backendRefs: [{ group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name: 'tg-weather', namespace: 'team-a' }],
          },
        ],
      },
    });
  });

  it('writes the parent namespace even when the gateway shares the route namespace, and no hostnames, filters or timeouts', () => {
    const r = resolvedRoute(
      [toolGateway('team-a', 'local'), routeToUrl('team-a', 'ext', 'https://x.example.com/mcp', { toolGatewayRef: { name: 'local' } })],
      'team-a',
      'ext',
    );
    const spec = compileHttpRoute(r).spec as { parentRefs: unknown[]; rules: Array<Record<string, unknown>> };
    expect(spec.parentRefs).toStrictEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'local', namespace: 'team-a' }]);
    expect(Object.keys(spec).sort()).toStrictEqual(['parentRefs', 'rules']);
    expect(Object.keys(spec.rules[0]!).sort()).toStrictEqual(['backendRefs', 'matches']);
  });
});

describe('routePath |', () => {
  it('is /<route namespace>/<route name>/mcp, whatever the upstream path', () => {
    expect(routePath({ namespace: 'namespace-a', name: 'server-b' })).toBe('/namespace-a/server-b/mcp');
    expect(routePath({ namespace: 'a', name: 'api.v2' })).toBe('/a/api.v2/mcp');
  });
});
