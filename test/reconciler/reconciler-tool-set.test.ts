import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cr, routeToUrl, toolGateway } from '../support/intent-fixtures.js';
import { acceptRoute, compileCluster, conditionOf, programGateway, statusOf } from '../support/reconciler/cluster-fixture.js';
import { FakeKubeApi } from '../support/reconciler/fake-kube-api.js';
import { eventually, FAST, ReconcilerProcess } from '../support/reconciler/reconciler-process.js';

/** The reconciler bundle writes a ToolSet's status as a route's: its URL on the gateway and Ready from its HTTPRoute. */
describe('reconciler bundle | ToolSet status', () => {
  const api = new FakeKubeApi({ bookmarkIntervalMs: 300 });
  const { plan, objects } = compileCluster([
    toolGateway('tool-gateway', 'tg'),
    routeToUrl('team-a', 'weather', 'https://weather.example.com/mcp'),
    routeToUrl('team-a', 'news', 'https://news.example.com/mcp'),
    cr('ToolSet', 'team-a', 'research', {
      toolGatewayRef: { name: 'tg', namespace: 'tool-gateway' },
      routes: [{ name: 'weather' }, { name: 'news' }],
    }),
  ]);
  let reconciler: ReconcilerProcess | undefined;

  beforeAll(async () => {
    await api.start();
    api.applyAll(objects);
    programGateway(api, 'tool-gateway', 'tg', '10.0.0.1', 8080);
    for (const r of plan.routes) if (r.kind !== 'ToolSet') acceptRoute(api, r.namespace, r.httpRoute, r.gateway);
    reconciler = ReconcilerProcess.start(api.url, plan, { ...FAST, mcpProbe: false });
  });

  afterAll(async () => {
    await reconciler?.killed();
    await api.stop();
  });

  test('reports the URL at once and Ready only when its HTTPRoute is accepted', async () => {
    const url = 'http://tg.tool-gateway.svc.cluster.local:8080/team-a/research/mcp';
    await eventually('ToolSet status written', () => statusOf(api, 'ToolSet', 'team-a', 'research')?.url === url);
    expect(conditionOf(statusOf(api, 'ToolSet', 'team-a', 'research'), 'Ready')?.status).not.toBe('True');
    acceptRoute(api, 'team-a', 'tg-research', { namespace: 'tool-gateway', name: 'tg' });
    await eventually('ToolSet Ready', () => conditionOf(statusOf(api, 'ToolSet', 'team-a', 'research'), 'Ready')?.status === 'True');
    expect(statusOf(api, 'ToolRoute', 'team-a', 'weather')?.url).toBe('http://tg.tool-gateway.svc.cluster.local:8080/team-a/weather/mcp');
    expect(api.nonStatusWrites()).toEqual([]);
  });
});
