import { Chart } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { AllowedNamespaces } from '../../src/constructs/allowed-namespaces.js';
import { KnownNamespace } from '../../src/constructs/known-namespace.js';
import { ToolGateway } from '../../src/constructs/tool-gateway.js';
import { ToolRoute } from '../../src/constructs/tool-route.js';
import { Upstream } from '../../src/constructs/upstream.js';
import { chartIn, problemLines, testApp } from '../support/construct-app.js';

describe('KnownNamespace |', () => {
  test('renders a v1 Namespace document, named after the construct id unless given, with its labels', () => {
    const chart = new Chart(testApp(), 'namespaces');
    expect(new KnownNamespace(chart, 'team-a', { labels: { tools: 'shared' } })._toDocument()).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { tools: 'shared' } },
    });
    expect(new KnownNamespace(chart, 'b', { name: 'team-b' })._toDocument()).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-b' },
    });
    expect(KnownNamespace.isKnownNamespace(new KnownNamespace(chart, 'c'))).toBe(true);
    expect(KnownNamespace.isKnownNamespace(chart)).toBe(false);
  });

  test('gives a label selector the labels it needs; without it the namespace labels are unknown', () => {
    const define = (known: boolean) => {
      const app = testApp({ reconciler: { enabled: false } });
      const gateway = new ToolGateway(chartIn(app, 'tool-gateway'), 'shared', {
        allowedRoutes: AllowedNamespaces.selector({ tools: 'shared' }),
      });
      const teamA = chartIn(app, 'team-a');
      if (known) new KnownNamespace(teamA, 'team-a', { labels: { tools: 'shared' } });
      new ToolRoute(teamA, 'r', { gateway, upstream: Upstream.external('https://mcp.example.com/mcp') });
      return app.build();
    };
    expect(define(true).files).toBeDefined();
    const unknown = define(false);
    expect(unknown.files).toBeUndefined();
    expect(problemLines(unknown.problems).join('\n')).toContain('the labels of namespace team-a are unknown');
  });
});
