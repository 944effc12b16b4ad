import { describe, expect, it } from 'vitest';
import { compileRouteBackend, MCP_TARGET_NAME, routeObjectName } from '../../../src/compile/routes/route-backend.js';
import { routeToServer, routeToUrl, toolGateway, toolServer, type Doc } from '../../support/intent-fixtures.js';
import { resolvedRoute } from '../../support/compile-fixtures.js';

const GW = toolGateway('tool-gateway', 'tg');

const labels = (route: string) => ({
  'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway',
  'runtime.agentic-layer.ai/toolgateway': 'tg',
  'runtime.agentic-layer.ai/toolgateway-namespace': 'tool-gateway',
  'runtime.agentic-layer.ai/toolroute': route,
});

function backendSpec(docs: Doc[], ns: string, name: string) {
  return compileRouteBackend(resolvedRoute([GW, ...docs], ns, name)).spec as {
    mcp: { failureMode: string; targets: Array<{ name: string; static: Record<string, unknown> }> };
  };
}

describe('compileRouteBackend |', () => {
  it('emits the worked-example backend for an http ToolServer', () => {
    const m = compileRouteBackend(
      resolvedRoute(
        [GW, toolServer('team-a', 'weather', { port: 8000 }), routeToServer('team-a', 'weather', 'weather')],
        'team-a',
        'weather',
      ),
    );
    expect(m).toStrictEqual({
      apiVersion: 'agentgateway.dev/v1alpha1',
      kind: 'AgentgatewayBackend',
      metadata: { name: 'tg-weather', namespace: 'team-a', labels: labels('weather') },
      spec: {
        mcp: {
          failureMode: 'FailOpen',
          targets: [
            {
              name: 'mcp-target',
              static: { host: 'weather.team-a.svc.cluster.local', port: 8000, path: '/mcp', protocol: 'StreamableHTTP' },
            },
          ],
        },
      },
    });
  });

  it('speaks SSE to an sse ToolServer (fixing the operator, which always said StreamableHTTP)', () => {
    const spec = backendSpec([toolServer('a', 'legacy', { transportType: 'sse' }), routeToServer('a', 'r', 'legacy')], 'a', 'r');
    expect(spec.mcp.targets).toStrictEqual([
      { name: MCP_TARGET_NAME, static: { host: 'legacy.a.svc.cluster.local', port: 8080, path: '/sse', protocol: 'SSE' } },
    ]);
  });

  it('points a cross-namespace ToolServer reference at the server namespace while living in the route namespace', () => {
    const m = compileRouteBackend(
      resolvedRoute(
        [GW, toolServer('servers', 's', { path: '/custom-path' }), routeToServer('team-a', 'r', 's', {}, 'servers')],
        'team-a',
        'r',
      ),
    );
    expect(m.metadata.namespace).toBe('team-a');
    expect((m.spec as ReturnType<typeof backendSpec>).mcp.targets[0]!.static).toStrictEqual({
      host: 's.servers.svc.cluster.local',
      port: 8080,
      path: '/custom-path',
      protocol: 'StreamableHTTP',
    });
  });

  it('originates TLS with SNI to an https upstream', () => {
    const spec = backendSpec([routeToUrl('a', 'github', 'https://github-mcp.example.com/mcp')], 'a', 'github');
    expect(spec.mcp.targets[0]!.static).toStrictEqual({
      host: 'github-mcp.example.com',
      port: 443,
      path: '/mcp',
      protocol: 'StreamableHTTP',
      policies: { tls: { sni: 'github-mcp.example.com' } },
    });
  });

  it('originates TLS without SNI to an https IP literal', () => {
    const spec = backendSpec([routeToUrl('a', 'ip', 'https://192.0.2.10:8443/mcp')], 'a', 'ip');
    expect(spec.mcp.targets[0]!.static).toStrictEqual({
      host: '192.0.2.10',
      port: 8443,
      path: '/mcp',
      protocol: 'StreamableHTTP',
      policies: { tls: {} },
    });
  });

  it('writes no policies for a plain http upstream', () => {
    const spec = backendSpec([routeToUrl('a', 'plain', 'http://mcp.example.com/mcp')], 'a', 'plain');
    expect(spec.mcp.targets[0]!.static).toStrictEqual({ host: 'mcp.example.com', port: 80, path: '/mcp', protocol: 'StreamableHTTP' });
  });
});

describe('routeObjectName |', () => {
  it('is <gateway>-<route>, not namespace-qualified', () => {
    const r = resolvedRoute(
      [
        toolGateway('gw', 'edge'),
        routeToUrl('team-a', 'api.v2', 'http://x.example.com/', { toolGatewayRef: { name: 'edge', namespace: 'gw' } }),
      ],
      'team-a',
      'api.v2',
    );
    expect(routeObjectName(r)).toBe('edge-api.v2');
    expect(compileRouteBackend(r).metadata.name).toBe('edge-api.v2');
  });
});
