import { describe, expect, it } from 'vitest';
import { celEnv, parse, plan } from '@bufbuild/cel';
import { toolFilterExpression } from '../../../src/compile/routes/tool-filter-cel.js';
import { compileToolFilterPolicy } from '../../../src/compile/routes/tool-filter-policy.js';
import { routeToServer, toolGateway, toolServer } from '../../support/intent-fixtures.js';
import { compileValid, findManifest, resolvedRoute } from '../../support/compile-fixtures.js';

const docs = (toolFilter?: Record<string, unknown>) => [
  toolGateway('tool-gateway', 'tg'),
  toolServer('team-a', 'weather'),
  routeToServer('team-a', 'weather', 'weather', toolFilter ? { toolFilter } : {}),
];

describe('compileToolFilterPolicy |', () => {
  it('emits the worked-example policy: one CEL expression, action Allow, targeting the HTTPRoute', () => {
    const r = resolvedRoute(docs({ deny: ['*delete*'] }), 'team-a', 'weather');
    const expression = toolFilterExpression(r.route.spec.toolFilter);
    expect(expression).toBe('!(mcp.tool.name.matches("(?s)^.*delete.*$"))');
    expect(compileToolFilterPolicy(r, expression!)).toStrictEqual({
      apiVersion: 'agentgateway.dev/v1alpha1',
      kind: 'AgentgatewayPolicy',
      metadata: {
        name: 'tg-weather-toolfilter',
        namespace: 'team-a',
        labels: {
          'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway',
          'runtime.agentic-layer.ai/toolgateway': 'tg',
          'runtime.agentic-layer.ai/toolgateway-namespace': 'tool-gateway',
          'runtime.agentic-layer.ai/toolroute': 'weather',
        },
      },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'tg-weather' }],
        backend: {
          mcp: { authorization: { action: 'Allow', policy: { matchExpressions: ['!(mcp.tool.name.matches("(?s)^.*delete.*$"))'] } } },
        },
      },
    });
  });

  it('is emitted by the compiler with one expression: the allow-list, and not the deny-list', () => {
    const objects = compileValid(docs({ allow: ['get_*'], deny: ['force_push'] }));
    const policy = findManifest(objects, 'AgentgatewayPolicy', 'team-a', 'tg-weather-toolfilter');
    expect((policy.spec as { backend: unknown }).backend).toStrictEqual({
      mcp: {
        authorization: {
          action: 'Allow',
          policy: { matchExpressions: ['(mcp.tool.name.matches("(?s)^get_.*$")) && !(mcp.tool.name == "force_push")'] },
        },
      },
    });
  });

  it('denies, at evaluation of the emitted expression, names that hide a denied word behind a newline', () => {
    const allows = (deny: string[], name: string) => {
      const objects = compileValid(docs({ deny }));
      const policy = findManifest(objects, 'AgentgatewayPolicy', 'team-a', 'tg-weather-toolfilter');
      const [expression] = (policy.spec as { backend: { mcp: { authorization: { policy: { matchExpressions: string[] } } } } }).backend.mcp
        .authorization.policy.matchExpressions;
      return plan(celEnv(), parse(expression!))({ mcp: { tool: { name } } });
    };
    expect(allows(['*delete*'], 'x\ndelete')).toBe(false);
    expect(allows(['delete_*'], 'delete_x\n')).toBe(false);
    expect(allows(['*'], '\n')).toBe(false);
    expect(allows(['*'], 'anything\u2028at\u0000all')).toBe(false);
    expect(allows(['*delete*'], 'x\nremove')).toBe(true);
  });

  it('is not emitted when the route has no filter or a filter without patterns', () => {
    for (const filter of [undefined, {}, { allow: [], deny: [] }]) {
      const objects = compileValid(docs(filter));
      expect(objects.filter((o) => o.kind === 'AgentgatewayPolicy')).toStrictEqual([]);
      expect(objects.map((o) => o.kind)).toContain('HTTPRoute');
    }
  });
});
