import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { reconcilerBundle } from '../../src/app/reconciler-bundle.js';
import { compileBundleConfigMap, compileReconcilerDeployment } from '../../src/compile/runtime/reconciler-workload.js';
import { guard, presidioProvider, routeToUrl, toolGateway } from '../support/intent-fixtures.js';
import {
  acceptRoute,
  compileCluster,
  conditionOf,
  GATEWAY_API,
  INTENT_API,
  programGateway,
  statusOf,
} from '../support/reconciler/cluster-fixture.js';
import { containerLaunch } from '../support/reconciler/container-launch.js';
import { FakeKubeApi } from '../support/reconciler/fake-kube-api.js';
import { eventually, FAST, ReconcilerProcess } from '../support/reconciler/reconciler-process.js';

/**
 * The reconciler bundle against the fake API server, with MCP probing off: status converges
 * from what the gateway and route controllers report, through every fault the API server can
 * throw at it, and the reconciler never writes anything but `/status`. The tests share one
 * cluster and one reconciler process and run in order, each adding a fault and a change.
 */
describe('reconciler bundle | Kubernetes faults', () => {
  const api = new FakeKubeApi({ bookmarkIntervalMs: 300, pageSize: 2 });
  const { plan, objects } = compileCluster([
    toolGateway('tool-gateway', 'tg', { guardrails: [{ name: 'pii', namespace: 'guards' }] }),
    guard('guards', 'pii', { allowedNamespaces: { from: 'All' } }),
    guard('guards', 'idle'),
    presidioProvider('guards'),
    routeToUrl('team-a', 'weather', 'https://weather.example.com/mcp', { toolFilter: { allow: ['get_*'] } }),
    routeToUrl('team-a', 'news', 'https://news.example.com/mcp'),
    routeToUrl('team-a', 'maps', 'https://maps.example.com/mcp'),
    routeToUrl('team-b', 'docs', 'https://docs.example.com/mcp'),
  ]);
  let reconciler: ReconcilerProcess | undefined;
  const tg = { namespace: 'tool-gateway', name: 'tg' };
  // Status names the gateway's Service, never the address the controller reported.
  const gatewayUrl = (port: number) => `http://tg.tool-gateway.svc.cluster.local:${port}`;
  const routeUrl = (port: number, ns: string, name: string) => `${gatewayUrl(port)}/${ns}/${name}/mcp`;

  const adapterAvailable = () =>
    api.setStatus('Deployment', 'apps/v1', 'guards', 'pii-adapter', {
      availableReplicas: 1,
      conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: '', observedGeneration: 1 }],
    });

  beforeAll(async () => {
    await api.start();
    api.applyAll(objects);
    programGateway(api, 'tool-gateway', 'tg', '10.0.0.1', 8080);
    for (const r of plan.routes) acceptRoute(api, r.namespace, r.httpRoute, r.gateway);
    adapterAvailable();
    // The very first lists fail: the reconciler must come up anyway.
    api.failNext({ method: 'GET', watch: false }, 500, 3);
    reconciler = ReconcilerProcess.start(api.url, plan, { ...FAST, mcpProbe: false });
  });

  afterAll(async () => {
    await reconciler?.killed();
    await api.stop();
  });

  test('converges: gateway and route URLs, Ready from the controllers, guards from their adapters', async () => {
    await eventually('route docs to be Ready', () => conditionOf(statusOf(api, 'ToolRoute', 'team-b', 'docs'), 'Ready')?.status === 'True');
    await eventually('all routes written', () => plan.routes.every((r) => statusOf(api, 'ToolRoute', r.namespace, r.name)?.url));
    const gw = statusOf(api, 'ToolGateway', 'tool-gateway', 'tg')!;
    expect(gw.url).toBe(gatewayUrl(8080));
    expect(conditionOf(gw, 'Ready')).toMatchObject({ status: 'True', reason: 'Programmed', observedGeneration: 1 });
    expect(gw.observedGeneration).toBe(1);
    const weather = statusOf(api, 'ToolRoute', 'team-a', 'weather')!;
    expect(weather.url).toBe(routeUrl(8080, 'team-a', 'weather'));
    expect(conditionOf(weather, 'Ready')).toMatchObject({ status: 'True', reason: 'Routed', observedGeneration: 1 });
    expect(weather.conditions).toHaveLength(1); // probing is off: no ToolsDiscovered
    await eventually('guards written', () => statusOf(api, 'Guard', 'guards', 'idle') && statusOf(api, 'Guard', 'guards', 'pii'));
    expect(conditionOf(statusOf(api, 'Guard', 'guards', 'pii'), 'Ready')).toMatchObject({ status: 'True', reason: 'AdapterAvailable' });
    expect(conditionOf(statusOf(api, 'Guard', 'guards', 'idle'), 'Ready')).toMatchObject({ status: 'False', reason: 'Unused' });
    // The injected 500s were retried, and the lists paged (page size 2).
    expect(reconciler!.logged('list failed, retrying').length).toBeGreaterThanOrEqual(1);
    expect(api.requests.some((r) => r.query.continue)).toBe(true);
  });

  test('writes only by merge patch on /status, through the label selector, and only what changed', async () => {
    const patches = api.statusPatches();
    expect(patches.length).toBeGreaterThan(0);
    for (const p of patches) expect(p.contentType).toBe('application/merge-patch+json');
    expect(api.nonStatusWrites()).toEqual([]);
    const lists = api.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/toolroutes'));
    for (const l of lists) expect(l.query.labelSelector).toBe('app.kubernetes.io/managed-by=cdk8s-tool-gateway');
    // Re-applying identical objects and receiving bookmarks changes nothing: no write.
    const before = api.statusPatches().length;
    api.applyAll(objects.filter((o) => o.kind === 'AgentgatewayBackend'));
    await new Promise((r) => setTimeout(r, 800));
    expect(api.statusPatches().length).toBe(before);
  });

  test('a dropped watch is resumed: a new listener port still reaches every route', async () => {
    await eventually('watches open', () => api.dropWatches() > 0);
    programGateway(api, 'tool-gateway', 'tg', '10.0.0.2', 8081);
    await eventually('new URLs', () =>
      plan.routes.every((r) => statusOf(api, 'ToolRoute', r.namespace, r.name)?.url === routeUrl(8081, r.namespace, r.name)),
    );
    expect(statusOf(api, 'ToolGateway', 'tool-gateway', 'tg')!.url).toBe(gatewayUrl(8081));
    expect(reconciler!.logged('watch failed, resuming').length).toBeGreaterThan(0);
  });

  test('410 Gone relists, and the change made meanwhile arrives', async () => {
    api.compact();
    api.setStatus('HTTPRoute', GATEWAY_API, 'team-a', 'tg-news', {
      parents: [
        {
          parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', ...tg },
          controllerName: 'agentgateway.dev/agentgateway',
          conditions: [
            {
              type: 'Accepted',
              status: 'False',
              reason: 'NotAllowedByListeners',
              message: 'no listener admits team-a',
              lastTransitionTime: '2026-01-01T00:00:00Z',
              observedGeneration: 1,
            },
          ],
        },
      ],
    });
    const ready = await eventually('news not accepted', () => {
      const c = conditionOf(statusOf(api, 'ToolRoute', 'team-a', 'news'), 'Ready');
      return c?.reason === 'HTTPRouteNotAccepted' && c;
    });
    expect(ready.status).toBe('False');
    expect(ready.message).toContain('NotAllowedByListeners: no listener admits team-a');
    expect(reconciler!.logged('watch expired, relisting').length).toBeGreaterThan(0);
  });

  test('429 on a status write is retried no sooner than Retry-After', async () => {
    api.failNext({ method: 'PATCH', path: '/toolroutes/news/status' }, 429, 1, 1);
    acceptRoute(api, 'team-a', 'tg-news', tg);
    await eventually('news Ready again', () => conditionOf(statusOf(api, 'ToolRoute', 'team-a', 'news'), 'Ready')?.status === 'True');
    const tries = api.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/toolroutes/news/status'));
    const refused = tries.findIndex((r) => r.status === 429);
    expect(refused).toBeGreaterThanOrEqual(0);
    expect(tries[refused + 1]!.at - tries[refused]!.at).toBeGreaterThanOrEqual(1000);
  });

  test('5xx on writes and watches, and slow answers, are retried until status converges', async () => {
    api.failNext({ method: 'PATCH' }, 503, 2);
    api.failNext({ watch: true }, 500, 2);
    api.slowNext({ method: 'GET' }, 1500, 2);
    api.dropWatches();
    api.setStatus('Deployment', 'apps/v1', 'guards', 'pii-adapter', {
      availableReplicas: 0,
      conditions: [
        {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
          observedGeneration: 1,
        },
      ],
    });
    // Guard and gateway both depend on the adapter.
    await eventually(
      'guard not ready',
      () => conditionOf(statusOf(api, 'Guard', 'guards', 'pii'), 'Ready')?.reason === 'AdapterUnavailable',
    );
    await eventually(
      'gateway not ready',
      () => conditionOf(statusOf(api, 'ToolGateway', 'tool-gateway', 'tg'), 'Ready')?.reason === 'GuardNotReady',
    );
    adapterAvailable();
    await eventually(
      'gateway ready again',
      () => conditionOf(statusOf(api, 'ToolGateway', 'tool-gateway', 'tg'), 'Ready')?.status === 'True',
    );
    expect(reconciler!.logged('status write failed, retrying').length).toBeGreaterThan(0);
  });

  test('a spec change moves observedGeneration; lastTransitionTime stays while the status does', async () => {
    const before = conditionOf(statusOf(api, 'ToolRoute', 'team-b', 'docs'), 'Ready')!;
    const docs = api.get('ToolRoute', INTENT_API, 'team-b', 'docs')!;
    api.apply({ ...docs, spec: { ...(docs.spec as object), toolFilter: { deny: ['*delete*'] } } });
    const after = await eventually('generation 2 observed', () => {
      const s = statusOf(api, 'ToolRoute', 'team-b', 'docs');
      return s?.observedGeneration === 2 && conditionOf(s, 'Ready');
    });
    expect(after.observedGeneration).toBe(2);
    expect(after.lastTransitionTime).toBe(before.lastTransitionTime);
  });

  test('status fields the installed CRD prunes are not written again and again', async () => {
    api.prunedStatusFields = { ToolGateway: ['observedGeneration'] };
    const tgCarrier = api.get('ToolGateway', INTENT_API, 'tool-gateway', 'tg')!;
    api.apply({ ...tgCarrier, spec: { ...(tgCarrier.spec as object), env: [{ name: 'RUST_LOG', value: 'debug' }] } });
    await eventually(
      'gateway generation 2',
      () => conditionOf(statusOf(api, 'ToolGateway', 'tool-gateway', 'tg'), 'Ready')?.observedGeneration === 2,
    );
    const settled = api.statusPatches('/toolgateways/').length;
    api.applyAll(objects.filter((o) => o.kind === 'AgentgatewayBackend')); // unrelated churn
    programGateway(api, 'tool-gateway', 'tg', '10.0.0.3', 8081); // a new address, same port: status names the Service, so no write
    await new Promise((r) => setTimeout(r, 1000));
    expect(api.statusPatches('/toolgateways/').length).toBe(settled);
    // Pruned from the stored object, as an API server does with fields its schema lacks.
    expect(statusOf(api, 'ToolGateway', 'tool-gateway', 'tg')!.observedGeneration).toBeUndefined();
  });

  test('never sends a write other than a /status merge patch', () => {
    expect(api.nonStatusWrites()).toEqual([]);
    expect(api.requests.filter((r) => r.method === 'PATCH').every((r) => r.path.endsWith('/status'))).toBe(true);
  });

  test('restarted as its pod runs it, from the bundle ConfigMap, it writes nothing when status is already right, and stops cleanly on SIGTERM', async () => {
    expect(await reconciler!.stop()).toBe(0);
    expect(reconciler!.logged('stopped')).toHaveLength(1);
    api.prunedStatusFields = {};
    const before = api.statusPatches().length;
    // The real bundle, packed into its ConfigMap and unpacked by the Deployment's own command.
    const bundle = reconcilerBundle();
    const pod = mkdtempSync(join(tmpdir(), 'tgw-pod-'));
    // The process has read its bundle by the time the test ends.
    onTestFinished(() => rmSync(pod, { recursive: true, force: true }));
    const launch = containerLaunch(
      compileBundleConfigMap(bundle, 'tool-gateway'),
      compileReconcilerDeployment({ namespace: 'tool-gateway', plan, bundle, image: 'node' }),
      pod,
    );
    reconciler = ReconcilerProcess.start(api.url, plan, { ...FAST, mcpProbe: false }, launch);
    await eventually('second reconciler synced', () => reconciler!.logged('caches synced, reconciling').length === 1);
    await new Promise((r) => setTimeout(r, 800));
    // Only the ToolGateway's observedGeneration, pruned until now, is written.
    expect(
      api
        .statusPatches()
        .slice(before)
        .map((p) => p.path),
    ).toEqual(['/apis/runtime.agentic-layer.ai/v1alpha1/namespaces/tool-gateway/toolgateways/tg/status']);
    const health = await fetch(`http://127.0.0.1:${await reconciler.healthPort}/readyz`);
    expect(health.status).toBe(200);
    expect(readFileSync(join(pod, 'scratch', 'reconciler.mjs'), 'utf8')).toBe(bundle.text);
  });
});
