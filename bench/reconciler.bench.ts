/**
 * The runtime reconciler at scale: 1,000 routes (10 namespaces x 100) on one gateway.
 *
 *   npm run bench:reconciler      (node --import tsx bench/reconciler.bench.ts [routes] [table] [sessions])
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
import { FakeKubeApi } from '../test/support/reconciler/fake-kube-api.js';
import { StatefulMcp, StatelessMcp, type Behaviour } from '../test/support/reconciler/mcp-test-servers.js';
import { bundlePath, eventually, FAST, ReconcilerProcess } from '../test/support/reconciler/reconciler-process.js';

const ARGS = process.argv.slice(2);
const ROUTES = Number(ARGS.find((a) => /^\d+$/.test(a)) ?? 1000);
/** Sections to run: `table` (the three runs), `sessions` (held sessions against the baseline); both by default. */
const SECTIONS = ARGS.filter((a) => !/^\d+$/.test(a));
const wanted = (section: string) => SECTIONS.length === 0 || SECTIONS.includes(section);
const NAMESPACES = 10;
const TOOLS = [{ name: 'get_weather' }, { name: 'get_forecast' }, { name: 'search_docs' }];

/** Peak resident set size of a process, from /proc (Linux), in MiB. */
function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
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
  // Accepted and programmed, but no address yet: no route has a URL.
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
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
