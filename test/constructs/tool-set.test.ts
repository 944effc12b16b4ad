import { describe, expect, test } from 'vitest';
import { App, Chart } from 'cdk8s';
import { ToolGateway } from '../../src/constructs/tool-gateway.js';
import { ToolRoute } from '../../src/constructs/tool-route.js';
import { ToolSet, ToolSetPrefixMode } from '../../src/constructs/tool-set.js';
import { Upstream } from '../../src/constructs/upstream.js';
import { AllowedNamespaces } from '../../src/constructs/allowed-namespaces.js';
import { ToolFilter } from '../../src/constructs/tool-filter.js';
import { chartIn, problemLines, testApp } from '../support/construct-app.js';

describe('ToolSet |', () => {
  test('renders the document the YAML front door reads: members in its namespace by name only', () => {
    const app = testApp();
    const platform = chartIn(app, 'tool-gateway', 'platform');
    const gateway = new ToolGateway(platform, 'shared');
    const a = chartIn(app, 'team-a');
    const b = chartIn(app, 'team-b');
    const weather = new ToolRoute(a, 'weather', { gateway, upstream: Upstream.external('https://weather.example.com/mcp') });
    const papers = new ToolRoute(b, 'papers', { gateway, upstream: Upstream.external('https://papers.example.com/mcp') });
    const set = new ToolSet(a, 'research', { gateway, prefixMode: ToolSetPrefixMode.NEVER }).addRoute(weather).addRoute(papers);
    expect(set._toIntentDocument()).toStrictEqual({
      apiVersion: 'runtime.agentic-layer.ai/v1alpha1',
      kind: 'ToolSet',
      metadata: { name: 'research', namespace: 'team-a' },
      spec: {
        toolGatewayRef: { name: 'shared', namespace: 'tool-gateway' },
        routes: [{ name: 'weather' }, { name: 'papers', namespace: 'team-b' }],
        prefixMode: 'Never',
      },
    });
    expect(ToolSet.fromName(a, 'imported', 'other', 'team-c')).toMatchObject({ name: 'other', namespace: 'team-c' });
  });

  test('renders a route authorization and allowedToolSets as the YAML fields', () => {
    const app = testApp();
    const route = new ToolRoute(chartIn(app, 'team-a'), 'r', {
      upstream: Upstream.external('https://mcp.example.com/mcp'),
      authorization: [{ claims: { groups: ['sre'] }, scopes: ['tools.write'], tools: ToolFilter.allow('get_*') }, {}],
      allowedToolSets: AllowedNamespaces.all(),
    });
    expect(route._toIntentDocument().spec).toMatchObject({
      authorization: {
        rules: [{ principals: { claims: { groups: ['sre'] }, scopes: ['tools.write'] }, tools: { allow: ['get_*'] } }, { principals: {} }],
      },
      allowedToolSets: { from: 'All' },
    });
  });

  test('a member of another app is reported with the construct path, not thrown', () => {
    const app = testApp();
    const other = new App();
    const foreign = new ToolRoute(new Chart(other, 'x', { namespace: 'team-b' }), 'papers', {
      upstream: Upstream.external('https://papers.example.com/mcp'),
    });
    const a = chartIn(app, 'team-a');
    const gateway = new ToolGateway(chartIn(app, 'tool-gateway', 'platform'), 'shared');
    new ToolSet(a, 'research', { gateway, routes: [foreign] });
    const lines = problemLines(app.build().problems);
    expect(lines.join('\n')).toContain('route x/papers belongs to another app; a ToolSet includes routes compiled with it');
  });
});
