/**
 * The runtime reconciler at scale: 1,000 routes (10 namespaces x 100) on one gateway.
 *
 *   npm run bench:reconciler      (node --import tsx bench/reconciler.bench.ts [routes])
 *
 * The real bundle runs in a child process against the fake API server of the test suite; every
 * route is backed by a real (stateless) MCP server, so the reconciler also opens 1,000 MCP
 * sessions and lists their tools. The Gateway gets its address only once the reconciler has
 * settled, and the clock runs from that write to the last route URL written. Reported: that
 * time, the time until every route also has its tools, the reconciler's peak RSS (VmHWM), its
 * status writes, and the bundle size raw and gzipped. Prints, asserts nothing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { reconcilerBundle } from '../src/compile/reconciler-bundle.js';
import { routeToUrl, toolGateway } from '../test/intent/intent-fixtures.js';
import { acceptRoute, compileCluster, conditionOf, GATEWAY_API, programGateway, statusOf } from '../test/reconciler/support/cluster-fixture.js';
import { FakeKubeApi } from '../test/reconciler/support/fake-kube-api.js';
import { StatelessMcp } from '../test/reconciler/support/mcp-test-servers.js';
import { eventually, FAST, ReconcilerProcess } from '../test/reconciler/support/reconciler-process.js';

const ROUTES = Number(process.argv[2] ?? 1000);
const NAMESPACES = 10;

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

/** Peak resident set size of a process, from /proc (Linux). */
function peakRssKiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function quiet(api: FakeKubeApi, ms: number): Promise<void> {
  let last = -1;
  while (api.statusPatches().length !== last) {
    last = api.statusPatches().length;
    await new Promise((r) => setTimeout(r, ms));
  }
}

async function main(): Promise<void> {
  const bundle = reconcilerBundle();

  // One stateless MCP server answers on every route path, as the gateway would route them.
  const mcp = new StatelessMcp({ tools: [{ name: 'get_weather' }, { name: 'get_forecast' }, { name: 'search_docs' }] });
  const mcpServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        body = undefined;
      }
      void mcp.handle(req, res, body);
    });
  });
  await new Promise<void>((r) => mcpServer.listen(0, '127.0.0.1', r));
  const mcpPort = (mcpServer.address() as AddressInfo).port;

  const docs = [toolGateway('tool-gateway', 'gw')];
  for (let i = 0; i < ROUTES; i++) docs.push(routeToUrl(`team-${i % NAMESPACES}`, `route-${i}`, `https://mcp-${i}.example.com/mcp`));
  const { plan, objects } = compileCluster(docs);

  const api = new FakeKubeApi({ bookmarkIntervalMs: 5000 });
  await api.start();
  api.applyAll(objects);
  for (const r of plan.routes) acceptRoute(api, r.namespace, r.httpRoute, r.gateway);
  // Accepted and programmed, but no address yet: no route has a URL.
  const gw = api.get('Gateway', GATEWAY_API, 'tool-gateway', 'gw')!;
  api.apply({ ...gw, spec: { ...(gw.spec as object), listeners: [{ name: 'http', protocol: 'HTTP', port: mcpPort }] } });
  api.setStatus('Gateway', GATEWAY_API, 'tool-gateway', 'gw', {
    conditions: ['Accepted', 'Programmed'].map((type) => ({ type, status: 'True', reason: type, message: '', observedGeneration: 2, lastTransitionTime: '2026-01-01T00:00:00Z' })),
  });

  const reconciler = ReconcilerProcess.start(api.url, plan, { ...FAST, mcpConnectConcurrency: 32, writeConcurrency: 16 });
  const pid = reconciler.child.pid!;
  await eventually('initial statuses', () => plan.routes.every((r) => statusOf(api, 'ToolRoute', r.namespace, r.name)), 60_000);
  await quiet(api, 500);
  const rssBefore = peakRssKiB(pid);

  const patchesBefore = api.statusPatches().length;
  const t0 = Date.now();
  programGateway(api, 'tool-gateway', 'gw', '127.0.0.1', mcpPort);
  await eventually('all URLs', () => plan.routes.every((r) => statusOf(api, 'ToolRoute', r.namespace, r.name)?.url), 60_000, 5);
  // The moment the API server stored the last URL: from the recorded patches, not the polling.
  const urlWrittenAt = new Map<string, number>();
  for (const p of api.statusPatches().slice(patchesBefore)) {
    if (p.body?.includes('"url"')) {
      const route = p.path.split('/').at(-2)!;
      if (!urlWrittenAt.has(route)) urlWrittenAt.set(route, p.at);
    }
  }
  const urlsMs = Math.max(...urlWrittenAt.values()) - t0;
  await eventually('all tools', () => plan.routes.every((r) => conditionOf(statusOf(api, 'ToolRoute', r.namespace, r.name), 'ToolsDiscovered')?.status === 'True'), 120_000, 20);
  const toolsMs = Date.now() - t0;
  await quiet(api, 500);
  const writes = api.statusPatches().length - patchesBefore;
  const rssPeak = peakRssKiB(pid);

  await reconciler.stop();
  await api.stop();
  mcpServer.closeAllConnections();
  mcpServer.close();

  const raw = Buffer.byteLength(bundle.text);
  console.log(`reconciler, ${ROUTES} routes in ${NAMESPACES} namespaces, ${plan.namespaces.length * 0 + plan.namespaces.reduce((n, ns) => n + ns.watches.length, 0)} watches, Node ${process.version}`);
  console.log(`  Gateway address -> all ${ROUTES} route URLs written:   ${urlsMs} ms`);
  console.log(`  Gateway address -> all ${ROUTES} routes ToolsDiscovered: ${toolsMs} ms (${ROUTES} MCP sessions, tools/list each)`);
  console.log(`  status writes after the address:                ${writes}`);
  console.log(`  peak RSS: ${(rssBefore / 1024).toFixed(1)} MiB before the address, ${(rssPeak / 1024).toFixed(1)} MiB at the end`);
  console.log(`  bundle: ${kib(raw)} raw, ${kib(gzipSync(bundle.text, { level: 9 }).length)} gzipped`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
