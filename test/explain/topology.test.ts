import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Manifest } from '../../src/contracts/manifest.js';
import { renderMermaid } from '../../src/explain/render-mermaid.js';
import { buildTopology, nodeId } from '../../src/explain/topology.js';
import { compileValid } from '../support/compile-fixtures.js';
import { checkMermaidSubset } from '../support/mermaid-subset.js';

const API = 'runtime.agentic-layer.ai/v1alpha1';
const m = (kind: string, namespace: string, name: string, spec: unknown, apiVersion = API): Manifest => ({
  apiVersion,
  kind,
  metadata: { name, namespace },
  spec,
});

/** Edges as `from -style-> to: label`, with the node labels in place of ids, for readable assertions. */
function edgesOf(manifests: Manifest[]): string[] {
  const t = buildTopology(manifests);
  const label = new Map(t.nodes.map((n) => [n.id, n.namespace === undefined ? n.label : `${n.namespace}: ${n.label}`]));
  return t.edges.map(
    (e) => `${label.get(e.from)} ${e.style === 'solid' ? '-->' : '-.->'} ${label.get(e.to)}${e.label ? ` | ${e.label}` : ''}`,
  );
}

describe('buildTopology |', () => {
  test('draws routes with their filters, upstreams, guards and consent', () => {
    const edges = edgesOf([
      m('ToolGateway', 'gw', 'shared', { guardrails: [{ name: 'pii', namespace: 'guards' }] }),
      m(
        'Gateway',
        'gw',
        'shared',
        { listeners: [{ allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'a' } } } } }] },
        'gateway.networking.k8s.io/v1',
      ),
      m('ToolRoute', 'team-a', 'weather', {
        toolGatewayRef: { name: 'shared', namespace: 'gw' },
        upstream: { toolServerRef: { name: 'weather' } },
        toolFilter: { allow: ['get_*'], deny: ['*_admin'] },
      }),
      {
        apiVersion: 'agentgateway.dev/v1alpha1',
        kind: 'AgentgatewayPolicy',
        metadata: {
          name: 'shared-weather-guardrail',
          namespace: 'team-a',
          labels: { 'runtime.agentic-layer.ai/guard': 'secrets', 'runtime.agentic-layer.ai/toolroute': 'weather' },
        },
        spec: { traffic: { extProc: { backendRef: { name: 'secrets-adapter', namespace: 'guards' }, failureMode: 'FailClosed' } } },
      },
      m('ToolRoute', 'team-a', 'ext', {
        toolGatewayRef: { name: 'shared', namespace: 'gw' },
        upstream: { external: { url: 'https://user:hunter2@mcp.example.com:8443/mcp?token=abc' } },
      }),
    ]);
    expect([...edges].sort()).toStrictEqual(
      [
        'anything -.-> gw: ToolGateway shared | network: not isolated',
        'guards: Guard pii -.-> gw: ToolGateway shared | guards every route',
        'gw: ToolGateway shared --> team-a: ToolRoute ext | all tools',
        'gw: ToolGateway shared --> team-a: ToolRoute weather | allow get_*; deny *_admin',
        'routes from namespaces with team=a -.-> gw: ToolGateway shared | consent: attach',
        'guards: Guard secrets -.-> team-a: ToolRoute weather | guards (FailClosed)',
        'team-a: ToolRoute ext --> external https://mcp.example.com:8443',
        'team-a: ToolRoute weather --> team-a: ToolServer weather',
      ].sort(),
    );
  });

  test('draws a ToolSet between its gateway and its member routes', () => {
    const edges = edgesOf([
      m('ToolGateway', 'gw', 'shared', {}),
      m('ToolSet', 'team-a', 'research', {
        toolGatewayRef: { name: 'shared', namespace: 'gw' },
        routes: [{ name: 'weather' }, { name: 'papers', namespace: 'team-b' }],
        prefixMode: 'Always',
      }),
    ]);
    expect(edges.filter((e) => !e.includes('network:'))).toEqual([
      'gw: ToolGateway shared --> team-a: ToolSet research | one endpoint, prefix Always',
      'team-a: ToolSet research --> team-a: ToolRoute weather | member',
      'team-a: ToolSet research --> team-b: ToolRoute papers | member',
    ]);
  });

  test('never shows an external URL credentials, path or query', () => {
    const text = renderMermaid(
      buildTopology([
        m('ToolRoute', 'a', 'r', { upstream: { external: { url: 'https://user:hunter2@mcp.example.com/mcp?token=abc' } } }),
        m('ToolRoute', 'a', 's', { upstream: { external: { url: 'not a url with secret=hunter2' } } }),
      ]),
    );
    expect(text).toContain('mcp.example.com');
    expect(text).not.toMatch(/hunter2|token|user/);
  });

  test('network edges come from the compiled NetworkPolicies, the gateway drawn as itself', () => {
    const docs = [
      {
        apiVersion: API,
        kind: 'ToolGateway',
        metadata: { name: 'tg', namespace: 'tool-gateway' },
        spec: { allowedRoutes: { namespaces: { from: 'Same' } } },
      },
      { apiVersion: API, kind: 'ToolServer', metadata: { name: 'weather', namespace: 'tool-gateway' }, spec: { image: 'x', port: 8000 } },
      {
        apiVersion: API,
        kind: 'ToolRoute',
        metadata: { name: 'weather', namespace: 'tool-gateway' },
        spec: { upstream: { toolServerRef: { name: 'weather' } } },
      },
    ];
    const edges = edgesOf(compileValid(docs));
    expect(edges).toContain('tool-gateway: ToolGateway tg -.-> tool-gateway: ToolServer weather | network: TCP 8000');
    expect(edges).toContain('routes from namespace tool-gateway -.-> tool-gateway: ToolGateway tg | consent: attach');
    expect(edges).toContain('tool-gateway: ToolRoute weather --> tool-gateway: ToolServer weather');
  });

  test('any names and filters give a diagram in the subset, the same for any input order', () => {
    const name = fc.string({ unit: 'binary', minLength: 1, maxLength: 15 });
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ ns: name, name, gw: name, allow: fc.array(name, { maxLength: 3 }), url: fc.option(name, { nil: undefined }) }),
          {
            maxLength: 6,
          },
        ),
        (routes) => {
          const manifests = routes.flatMap((r) => [
            m('ToolGateway', r.ns, r.gw, {}),
            m('ToolRoute', r.ns, r.name, {
              toolGatewayRef: { name: r.gw },
              toolFilter: { allow: r.allow },
              upstream: r.url === undefined ? { toolServerRef: { name: r.name } } : { external: { url: r.url } },
            }),
          ]);
          const text = renderMermaid(buildTopology(manifests));
          expect(checkMermaidSubset(text)).toStrictEqual([]);
          expect(renderMermaid(buildTopology([...manifests].reverse()))).toBe(text);
          for (const r of routes) expect(text).toContain(nodeId('rt', `${r.ns}/${r.name}`));
        },
      ),
    );
  });
});
