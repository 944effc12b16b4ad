/**
 * The runtime reconciler at scale: 1,000 routes (10 namespaces x 100) on one gateway.
 *
 *   npm run bench:reconciler      (node --import tsx bench/reconciler.bench.ts [routes] [table] [sessions] [sharded])
 *
 * The real bundle runs in a child process, with the Deployment's Node flags, against the fake API
 * server of the test suite. The Gateway gets its address only once the reconciler has settled;
 * the clock runs from that write to the moment the API server stored the last route URL. Three
 * runs: status only (MCP probing off); every route backed by a stateless MCP server (a session
 * set up and its tools listed per route); every route backed by a stateful one (1,000 sessions
 * held open, each with its standalone stream). Reported per run: time to all URLs, time to all
 * ToolsDiscovered, status writes, the reconciler's peak RSS (VmHWM) before the address and at
 * the end; and the bundle size raw and gzipped. Then, separately, held sessions against the
 * status-only baseline, side by side (`heldSessions`). Prints, asserts nothing.
 *
 * Then the sharded run (`sharded` or `--sharded` runs it alone): 10,000 routes over 4 shards, 4 reconciler
 * processes with their own identities sharing them through Leases, status only. Once every
 * replica holds its shard and the statuses settled, the Gateway gets its address; reported: time
 * to all 10,000 URLs (from the API server's timestamps), status writes per replica, and each
 * replica's peak RSS before the address and at the end.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { reconcilerBundle } from '../src/app/reconciler-bundle.js';
import { RECONCILER_NODE_FLAGS } from '../src/compile/runtime/reconciler-workload.js';
import { routeToUrl, toolGateway } from '../test/support/intent-fixtures.js';
import {
  acceptRoute,
  compileCluster,
  conditionOf,
  GATEWAY_API,
  programGateway,
  statusOf,
} from '../test/support/reconciler/cluster-fixture.js';
import { FakeKubeApi, LEASE_API } from '../test/support/reconciler/fake-kube-api.js';
import { StatefulMcp, StatelessMcp, type Behaviour } from '../test/support/reconciler/mcp-test-servers.js';
import { bundlePath, eventually, FAST, ReconcilerProcess } from '../test/support/reconciler/reconciler-process.js';

const ARGS = process.argv.slice(2);
const ROUTES = Number(ARGS.find((a) => /^\d+$/.test(a)) ?? 1000);
/**
 * Sections to run: `table` (the three runs), `sessions` (held sessions against the baseline),
 * `sharded` (10,000 routes over 4 processes; `--sharded` works too); all three by default.
 */
const SECTIONS = ARGS.filter((a) => !/^\d+$/.test(a)).map((a) => a.replace(/^--/, ''));
const wanted = (section: string) => SECTIONS.length === 0 || SECTIONS.includes(section);
const NAMESPACES = 10;
const TOOLS = [{ name: 'get_weather' }, { name: 'get_forecast' }, { name: 'search_docs' }];

/** Peak resident set size of a process, from /proc (Linux), in MiB. */
function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** User + system CPU seconds a process has used, from /proc (Linux; clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Waits until no status write arrived for `ms`. */
async function quiet(api: FakeKubeApi, ms: number): Promise<void> {
  let last = -1;
  while (api.statusPatches().length !== last) {
    last = api.statusPatches().length;
    await new Promise((r) => setTimeout(r, ms));
  }
}

/** An HTTP server handing every path to one MCP behaviour, as the gateway routes `/<ns>/<route>/mcp`. */
async function serve(b: Behaviour): Promise<{ port: number; close: () => void }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        body = undefined;
      }
      void b.handle(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, close: () => (server.closeAllConnections(), server.close()) };
}

interface Result {
  readonly name: string;
  readonly urlsMs: number;
  readonly toolsMs?: number;
  readonly writes: number;
  readonly rssBefore: number;
  readonly rssPeak: number;
}

async function run(name: string, backend: Behaviour | undefined, beforeStop?: () => void): Promise<Result> {
  const mcp = backend ? await serve(backend) : undefined;
  const port = mcp?.port ?? 8080;
  const docs = [toolGateway('tool-gateway', 'gw')];
  for (let i = 0; i < ROUTES; i++) docs.push(routeToUrl(`team-${i % NAMESPACES}`, `route-${i}`, `https://mcp-${i}.example.com/mcp`));
  const { plan, objects } = compileCluster(docs);

  const api = new FakeKubeApi({ bookmarkIntervalMs: 5000 });
  await api.start();
  api.applyAll(objects);
  for (const r of plan.routes) acceptRoute(api, r.namespace, r.httpRoute, r.gateway);
  acceptGatewayWithoutAddress(api, port);

  const reconciler = ReconcilerProcess.start(api.url, plan, { ...FAST, mcpProbe: backend !== undefined, mcpRelistMs: 600_000 }, [
    ...RECONCILER_NODE_FLAGS,
    bundlePath(),
  ]);
  const pid = reconciler.child.pid!;
  await eventually('initial statuses', () => plan.routes.every((r) => statusOf(api, 'ToolRoute', r.namespace, r.name)), 60_000);
  await quiet(api, 500);
  const rssBefore = peakRssMiB(pid);

  const patchesBefore = api.statusPatches().length;
  const t0 = Date.now();
  programGateway(api, 'tool-gateway', 'gw', '127.0.0.1', port);
  await eventually('all URLs', () => plan.routes.every((r) => statusOf(api, 'ToolRoute', r.namespace, r.name)?.url), 60_000, 5);
  // When the API server stored each URL: from the recorded requests, not from this polling loop.
  const urlAt = new Map<string, number>();
  for (const p of api.statusPatches().slice(patchesBefore)) {
    if (p.body?.includes('"url"') && !urlAt.has(p.path)) urlAt.set(p.path, p.at);
  }
  const urlsMs = Math.max(...urlAt.values()) - t0;
  let toolsMs: number | undefined;
  if (backend) {
    const discovered = (r: (typeof plan.routes)[number]) =>
      conditionOf(statusOf(api, 'ToolRoute', r.namespace, r.name), 'ToolsDiscovered')?.status === 'True';
    await eventually('all tools', () => plan.routes.every(discovered), 180_000, 20);
    toolsMs = Date.now() - t0;
  }
  await quiet(api, 1000);
  const result = { name, urlsMs, toolsMs, writes: api.statusPatches().length - patchesBefore, rssBefore, rssPeak: peakRssMiB(pid) };
  beforeStop?.();
  await reconciler.stop();
  await api.stop();
  mcp?.close();
  await backend?.close();
  return result;
}

const SHARDED_ROUTES = 10_000;
const SHARDED_REPLICAS = 4;

interface ShardedResult {
  readonly urlsMs: number;
  /** CPU the fake API server (this process) spent from the address to the last URL. */
  readonly fakeCpuS: number;
  readonly replicas: { identity: string; shards: number; writes: number; cpuS: number; rssBefore: number; rssPeak: number }[];
}

/** 10,000 routes, 4 shards, 4 replicas: each holds one shard and writes its quarter. */
async function runSharded(): Promise<ShardedResult> {
  const docs = [toolGateway('tool-gateway', 'gw')];
  for (let i = 0; i < SHARDED_ROUTES; i++)
    docs.push(routeToUrl(`team-${i % NAMESPACES}`, `route-${i}`, `https://mcp-${i}.example.com/mcp`));
  const compiled = compileCluster(docs);
  const plan = { ...compiled.plan, leases: { ...compiled.plan.leases!, shards: SHARDED_REPLICAS, replicas: SHARDED_REPLICAS } };
  const api = new FakeKubeApi({ bookmarkIntervalMs: 5000 });
  await api.start();
  api.applyAll(compiled.objects);
  for (const r of plan.routes) acceptRoute(api, r.namespace, r.httpRoute, r.gateway);
  acceptGatewayWithoutAddress(api, 8080);
  const ids = Array.from({ length: SHARDED_REPLICAS }, (_, i) => `replica-${i}`);
  const procs = ids.map((id) =>
    ReconcilerProcess.start(api.url, plan, { ...FAST, mcpProbe: false }, [...RECONCILER_NODE_FLAGS, bundlePath()], id),
  );
  const holderOf = (s: number) =>
    (api.get('Lease', LEASE_API, plan.leases.namespace, `${plan.leases.name}-shard-${s}`)?.spec as { holderIdentity?: string } | undefined)
      ?.holderIdentity;
  const shards = [...Array(plan.leases.shards).keys()];
  await eventually('one shard per replica', () => new Set(shards.map(holderOf).filter(Boolean)).size === SHARDED_REPLICAS, 120_000, 200);
  await eventually('initial statuses', () => plan.routes.every((r) => statusOf(api, 'ToolRoute', r.namespace, r.name)), 300_000, 500);
  await quiet(api, 1000);
  const rssBefore = procs.map((p) => peakRssMiB(p.child.pid!));
  const patchesBefore = api.statusPatches().length;
  const requestsBefore = api.requests.length;
  const cpuBefore = procs.map((p) => cpuSeconds(p.child.pid!));
  const fakeCpu = process.cpuUsage();
  const t0 = Date.now();
  programGateway(api, 'tool-gateway', 'gw', '127.0.0.1', 8080);
  // When the API server stored each URL, read incrementally off its log: polling 10,000 objects
  // would stall the fake (it shares this event loop) and slow what it measures.
  const urlAt = new Map<string, number>();
  let seen = requestsBefore;
  await eventually(
    'all URLs',
    () => {
      for (; seen < api.requests.length; seen++) {
        const p = api.requests[seen]!;
        if (p.method === 'PATCH' && p.status === 200 && p.path.includes('/toolroutes/') && p.body?.includes('"url"') && !urlAt.has(p.path))
          urlAt.set(p.path, p.at);
      }
      return urlAt.size >= plan.routes.length;
    },
    300_000,
    200,
  );
  const fakeUsage = process.cpuUsage(fakeCpu);
  const cpuAfter = procs.map((p) => cpuSeconds(p.child.pid!));
  const urlsMs = Math.max(...urlAt.values()) - t0;
  await quiet(api, 1000);
  const result: ShardedResult = {
    urlsMs,
    fakeCpuS: (fakeUsage.user + fakeUsage.system) / 1e6,
    replicas: ids.map((identity, i) => ({
      cpuS: cpuAfter[i]! - cpuBefore[i]!,
      identity,
      shards: shards.filter((s) => holderOf(s) === identity).length,
      writes: api
        .statusPatches()
        .slice(patchesBefore)
        .filter((p) => p.identity === identity).length,
      rssBefore: rssBefore[i]!,
      rssPeak: peakRssMiB(procs[i]!.child.pid!),
    })),
  };
  await Promise.all(procs.map((p) => p.stop()));
  await api.stop();
  return result;
}

function printSharded(r: ShardedResult): void {
  console.log(
    `reconciler bundle, ${SHARDED_ROUTES} routes in ${NAMESPACES} namespaces over ${SHARDED_REPLICAS} shards and ${SHARDED_REPLICAS} processes, status only`,
  );
  console.log(
    `address -> all ${SHARDED_ROUTES} URLs: ${(r.urlsMs / 1000).toFixed(2)} s (fake API server CPU meanwhile: ${r.fakeCpuS.toFixed(2)} s)`,
  );
  console.log('| replica | shards | status writes | CPU address -> all URLs | peak RSS before / after |');
  console.log('|---|---|---|---|---|');
  for (const x of r.replicas) {
    console.log(
      `| ${x.identity} | ${x.shards} | ${x.writes} | ${x.cpuS.toFixed(2)} s | ${x.rssBefore.toFixed(1)} / ${x.rssPeak.toFixed(1)} MiB |`,
    );
  }
}

/** Targets of a reconciler holding one stateful session per route on one replica. */
const SESSION_TARGETS = { peakMiB: 100, perSessionKiB: 40 };

/**
 * Held sessions against the status-only baseline, measured side by side in one run: the
 * reconciler's peak RSS with a stateful session held per route, and what each session adds,
 * (peak with sessions − peak status only) / routes — fixed costs of the session code included.
 */
async function heldSessions(): Promise<void> {
  const baseline = await run('status only (no MCP)', undefined);
  const server = new StatefulMcp({ tools: TOOLS });
  let held = 0;
  const sessions = await run('+ stateful MCP sessions held', server, () => (held = server.sessions.size));
  const perSessionKiB = ((sessions.rssPeak - baseline.rssPeak) * 1024) / ROUTES;
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(`held sessions, ${ROUTES} routes, one replica, Node ${process.version}, ${RECONCILER_NODE_FLAGS.join(' ')}`);
  console.log('| run | peak RSS | sessions held at the end |');
  console.log('|---|---|---|');
  console.log(`| ${baseline.name} | ${baseline.rssPeak.toFixed(1)} MiB | – |`);
  console.log(`| ${sessions.name} | ${sessions.rssPeak.toFixed(1)} MiB | ${held} |`);
  console.log(
    `per held session: ${perSessionKiB.toFixed(1)} KiB (target ≤ ${SESSION_TARGETS.perSessionKiB}: ${verdict(perSessionKiB <= SESSION_TARGETS.perSessionKiB)}); ` +
      `peak RSS ${sessions.rssPeak.toFixed(1)} MiB (target ≤ ${SESSION_TARGETS.peakMiB}: ${verdict(sessions.rssPeak <= SESSION_TARGETS.peakMiB)})`,
  );
}

async function main(): Promise<void> {
  if (wanted('table')) await table();
  if (wanted('sessions')) await heldSessions();
  if (wanted('sharded')) printSharded(await runSharded());
}

async function table(): Promise<void> {
  const bundle = reconcilerBundle();
  const results = [
    await run('status only (no MCP)', undefined),
    await run('+ stateless MCP servers', new StatelessMcp({ tools: TOOLS })),
    await run('+ stateful MCP sessions held', new StatefulMcp({ tools: TOOLS })),
  ];
  console.log(
    `reconciler bundle, ${ROUTES} routes in ${NAMESPACES} namespaces, Node ${process.version}, ${RECONCILER_NODE_FLAGS.join(' ')}`,
  );
  console.log('| run | address -> all URLs | address -> all tools | status writes | peak RSS before / after |');
  console.log('|---|---|---|---|---|');
  for (const r of results) {
    const tools = r.toolsMs === undefined ? '–' : `${(r.toolsMs / 1000).toFixed(2)} s`;
    console.log(
      `| ${r.name} | ${(r.urlsMs / 1000).toFixed(2)} s | ${tools} | ${r.writes} | ${r.rssBefore.toFixed(1)} / ${r.rssPeak.toFixed(1)} MiB |`,
    );
  }
  const raw = Buffer.byteLength(bundle.text);
  console.log(`bundle: ${(raw / 1024).toFixed(0)} KiB raw, ${(gzipSync(bundle.text, { level: 9 }).length / 1024).toFixed(0)} KiB gzipped`);
  printSharded(await runSharded());
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

/** The bench's Gateway `tool-gateway/gw` accepted and programmed on `port`, with no address yet: no route has a URL. */
function acceptGatewayWithoutAddress(api: FakeKubeApi, port: number): void {
  const gw = api.get('Gateway', GATEWAY_API, 'tool-gateway', 'gw')!;
  const applied = api.apply({ ...gw, spec: { ...(gw.spec as object), listeners: [{ name: 'http', protocol: 'HTTP', port }] } });
  api.setStatus('Gateway', GATEWAY_API, 'tool-gateway', 'gw', {
    conditions: ['Accepted', 'Programmed'].map((type) => ({
      type,
      status: 'True',
      reason: type,
      message: '',
      observedGeneration: applied.metadata.generation,
      lastTransitionTime: '2026-01-01T00:00:00Z',
    })),
  });
}
