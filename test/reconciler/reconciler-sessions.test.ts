import type http from 'node:http';
import { get as httpGet } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { routeToUrl, toolGateway } from '../support/intent-fixtures.js';
import { parsePrometheusText } from '../support/prometheus-text.js';
import { acceptRoute, compileCluster, conditionOf, programGateway, statusOf } from '../support/reconciler/cluster-fixture.js';
import { FakeKubeApi } from '../support/reconciler/fake-kube-api.js';
import { McpGateway, ModernMcp, MODERN, StatefulMcp, StatelessMcp, type Behaviour } from '../support/reconciler/mcp-test-servers.js';
import { bundlePath, eventually, FAST, ReconcilerProcess } from '../support/reconciler/reconciler-process.js';

/** Answers everything with 401, as a server that wants credentials does. */
class Unauthorized implements Behaviour {
  handle(_req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.writeHead(401, { 'www-authenticate': 'Bearer realm="mcp"', 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'unauthorized' }, id: null }));
    return Promise.resolve();
  }
  async close(): Promise<void> {}
}

/** A page is all there is at this path, as a gateway or web server without MCP answers: 404 and HTML. */
class HtmlNotFound implements Behaviour {
  handle(_req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end(
      `<!doctype html><html><head><script>var x = "PAGE-SCRIPT";</script></head><body><h1>PAGE-TITLE Not Found</h1>${'<p>padding</p>'.repeat(500)}</body></html>`,
    );
    return Promise.resolve();
  }
  async close(): Promise<void> {}
}

/** Loads the process's list of loaded built-in modules into its stderr as it exits. */
const MODULE_LIST_HOOK = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => process.stderr.write('MODULES ' + JSON.stringify(process.moduleLoadList) + '\\n'));",
)}`;

/**
 * The reconciler bundle holding MCP sessions to real SDK servers through a path-routing test
 * gateway: the session cases numbered 1 to 9 below (Streamable HTTP sessions, streams, 404/405
 * handling, reconnects), plus pagination, list changes and
 * graceful shutdown. One cluster, one reconciler; each route is a different server behaviour.
 */
describe('reconciler bundle | MCP sessions', () => {
  const api = new FakeKubeApi({ bookmarkIntervalMs: 1000 });
  const mcp = new McpGateway();
  const servers = {
    stateful: new StatefulMcp({
      tools: [{ name: 'get_weather' }, { name: 'get_forecast' }],
      pingIntervalMs: 1000,
      pingTimeoutMs: 500,
      reapAfterMisses: 2,
    }),
    stateless: new StatelessMcp({ tools: [{ name: 'search' }, { name: 'fetch' }, { name: 'summarize' }], pageSize: 1 }),
    restarting: new StatefulMcp({ tools: [{ name: 'lookup' }] }),
    changing: new StatefulMcp({ tools: [{ name: 'x' }, { name: 'y' }] }),
    modern: new ModernMcp({ tools: [{ name: 'modern_tool' }] }),
    noget: new StatefulMcp({ tools: [{ name: 'n' }], getNotAllowed: true }),
    // Resumable: events carry ids; `retry: 700` arrives on the priming event of each POST's SSE answer.
    resume: new StatefulMcp({ tools: [{ name: 'r' }], retryIntervalMs: 700, pingIntervalMs: 300, reapAfterMisses: 100 }),
    sseping: new StatefulMcp({ tools: [{ name: 's' }], pingBeforeListResponse: true }),
    gone: new StatefulMcp({ tools: [{ name: 'g' }], always404OnList: true }),
    nosession: new StatefulMcp({ tools: [{ name: 'h' }], hideSessionId: true }),
    unauthorized: new Unauthorized(),
    wrongpath: new HtmlNotFound(),
    forgets400: new StatefulMcp({ tools: [{ name: 'f4' }], forgetOnFirstList: 400 }),
  };
  type Name = keyof typeof servers;
  const names = Object.keys(servers) as Name[];
  const path = (n: Name) => `/mcp/${n}/mcp`;
  const status = (n: Name) => statusOf(api, 'ToolRoute', 'mcp', n);
  const tools = (n: Name) => status(n)?.tools as { count: number; names: string[]; digest: string } | undefined;
  const discovered = (n: Name) => conditionOf(status(n), 'ToolsDiscovered');
  let reconciler: ReconcilerProcess | undefined;

  beforeAll(async () => {
    const port = await mcp.start();
    for (const n of names) mcp.mount(path(n), servers[n]);
    await api.start();
    const { plan, objects } = compileCluster([
      toolGateway('tool-gateway', 'gw'),
      ...names.map((n) => routeToUrl('mcp', n, `https://${n}.example.com/mcp`)),
    ]);
    api.applyAll(objects);
    programGateway(api, 'tool-gateway', 'gw', '127.0.0.1', port);
    for (const r of plan.routes) acceptRoute(api, r.namespace, r.httpRoute, r.gateway);
    // Long backoff: a failed route is retried seconds later, so counts at the moment of failure are exact.
    reconciler = ReconcilerProcess.start(api.url, plan, { ...FAST, backoffBaseMs: 4000, backoffMaxMs: 8000 }, [
      '--import',
      MODULE_LIST_HOOK,
      bundlePath(),
    ]);
    await eventually('every route probed', () => names.every((n) => discovered(n) && discovered(n)!.status !== 'Unknown'));
  });

  afterAll(async () => {
    // Debugging aid: RECONCILER_LOGS=<route name> prints the reconciler's log lines about that route.
    if (process.env.RECONCILER_LOGS)
      for (const l of reconciler?.logs ?? [])
        if (typeof l.route === 'string' && l.route.includes(process.env.RECONCILER_LOGS)) console.log(JSON.stringify(l));
    await reconciler?.killed();
    await api.stop();
    await mcp.stop();
  });

  test('1: initialize, then notifications/initialized (202), then requests carry the session id and protocol version', () => {
    const seen = mcp.requests(path('stateful')).filter((r) => r.method === 'POST');
    const init = seen.find((r) => r.rpc === 'initialize')!;
    expect(init.sessionId).toBeUndefined();
    const initialized = seen.find((r) => r.rpc === 'notifications/initialized')!;
    expect(initialized.status).toBe(202);
    const sessionId = initialized.sessionId;
    expect(sessionId).toMatch(/^[\x21-\x7e]+$/);
    const list = seen.find((r) => r.rpc === 'tools/list')!;
    expect(list).toMatchObject({ sessionId, protocolVersion: '2025-11-25' });
    expect(seen.indexOf(init)).toBeLessThan(seen.indexOf(initialized));
    expect(seen.indexOf(initialized)).toBeLessThan(seen.indexOf(list));

    const s = status('stateful')!;
    expect(s.tools).toEqual({ count: 2, names: ['get_forecast', 'get_weather'], digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(s.mcp).toEqual({ mode: 'Session', protocolVersion: '2025-11-25', sessionLosses: 0 });
    expect(conditionOf(s, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'Ready',
      // Status names the gateway's Service; the session was dialled at the reported address (127.0.0.1).
      message: `ToolRoute is ready at http://gw.tool-gateway.svc.cluster.local:${mcp.port}/mcp/stateful/mcp; 2 tools`,
    });
    expect(discovered('stateful')).toMatchObject({ status: 'True', reason: 'ToolsListed' });
    expect(conditionOf(s, 'ToolSurfaceChanged')).toMatchObject({ status: 'False', reason: 'FirstDiscovery' });
  });

  test('2: the standalone stream answers server pings, so the session survives 3+ ping cycles', async () => {
    const server = servers.stateful;
    await eventually('3 answered pings', () => server.stats.pongs >= 3);
    expect(server.stats.reaps).toBe(0);
    expect(server.stats.initializes).toBe(1);
    expect(server.sessions.size).toBe(1);
    const gets = mcp.requests(path('stateful')).filter((r) => r.method === 'GET');
    expect(gets.length).toBeGreaterThanOrEqual(1);
    const pongs = mcp.requests(path('stateful'), 'response');
    expect(pongs.length).toBeGreaterThanOrEqual(3);
    for (const p of pongs.filter((x) => x.status !== undefined)) expect(p).toMatchObject({ status: 202, sessionId: gets[0]!.sessionId });
  });

  test('3: 405 on GET means no stream and no retry storm; requests still work', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    expect(mcp.requests(path('noget')).filter((r) => r.method === 'GET')).toHaveLength(1);
    expect(tools('noget')?.names).toEqual(['n']);
    expect(status('noget')!.mcp).toMatchObject({ mode: 'Session' });
    // The stateless server also refuses GET, once.
    expect(servers.stateless.stats.gets).toBeLessThanOrEqual(1);
  });

  /** The gap before the second attempt of a failed route: the backoff's, not an immediate retry. */
  const retriedOnlyAfterBackoff = (inits: { at: number }[], first: number) => {
    if (inits.length > first + 1) expect(inits[first + 1]!.at - inits[first]!.at).toBeGreaterThanOrEqual(1900);
  };

  test('4: 404 with a session id: one re-initialise without it, one retry, then the error is reported', () => {
    const inits = mcp.requests(path('gone'), 'initialize');
    const lists = mcp.requests(path('gone'), 'tools/list');
    expect(inits.every((r) => r.sessionId === undefined)).toBe(true);
    // initialize, tools/list → 404, initialize (no session id), tools/list once more → 404, then nothing until backoff.
    expect(inits.length).toBeGreaterThanOrEqual(2);
    expect(lists[0]!.at).toBeLessThan(inits[1]!.at);
    expect(lists[1]!.at).toBeGreaterThan(inits[1]!.at);
    expect(lists.filter((l) => l.at < (inits[2]?.at ?? Infinity))).toHaveLength(2);
    retriedOnlyAfterBackoff(inits, 1);
    expect(discovered('gone')).toMatchObject({ status: 'False', reason: 'SessionLost' });
    expect(status('gone')!.mcp?.sessionLosses).toBeGreaterThanOrEqual(1);
  });

  test('4: 401 is reported as Unauthorized, not as a lost session', () => {
    expect(discovered('unauthorized')).toMatchObject({ status: 'False', reason: 'Unauthorized' });
    expect(conditionOf(status('unauthorized'), 'Ready')).toMatchObject({ status: 'False', reason: 'McpUnreachable' });
    retriedOnlyAfterBackoff(mcp.requests(path('unauthorized'), 'initialize'), 0);
    expect(status('unauthorized')!.mcp?.sessionLosses ?? 0).toBe(0);
  });

  test('a 404 without a session id (nothing serves MCP at the path) is McpEndpointNotFound: one initialize, no page in the message', () => {
    const c = discovered('wrongpath')!;
    expect(c).toMatchObject({ status: 'False', reason: 'McpEndpointNotFound' });
    expect(c.message.length).toBeLessThanOrEqual(256);
    expect(c.message).not.toMatch(/[<>]|PAGE-|padding/);
    expect(c.message).toContain('404');
    const inits = mcp.requests(path('wrongpath'), 'initialize');
    expect(inits.every((r) => r.sessionId === undefined && r.status === 404)).toBe(true);
    retriedOnlyAfterBackoff(inits, 0);
    expect(status('wrongpath')!.mcp?.sessionLosses ?? 0).toBe(0);
  });

  test('a 400 for our session id (a server that forgot it, answering as server-everything does): one re-initialise, then tools', async () => {
    const server = servers.forgets400;
    await eventually('tools listed', () => discovered('forgets400')?.status === 'True');
    const inits = mcp.requests(path('forgets400'), 'initialize');
    const lists = mcp.requests(path('forgets400'), 'tools/list');
    expect(inits).toHaveLength(2);
    expect(inits.map((r) => r.sessionId)).toEqual([undefined, undefined]);
    expect(lists).toHaveLength(2);
    expect(lists[0]).toMatchObject({ status: 400, sessionId: expect.any(String) });
    expect(lists[1]).toMatchObject({ status: 200, sessionId: expect.any(String) });
    expect(lists[1]!.sessionId).not.toBe(lists[0]!.sessionId);
    expect(lists[0]!.at).toBeLessThan(inits[1]!.at);
    expect(server.stats.initializes).toBe(2);
    expect(status('forgets400')!.mcp).toEqual({ mode: 'Session', protocolVersion: '2025-11-25', sessionLosses: 1 });
    expect(tools('forgets400')?.names).toEqual(['f4']);
  });

  test('5: a 400 for a missing session id is reported, not retried as a 404', () => {
    expect(discovered('nosession')).toMatchObject({ status: 'False', reason: 'BadRequest' });
    retriedOnlyAfterBackoff(mcp.requests(path('nosession'), 'initialize'), 0);
    expect(status('nosession')!.mcp?.sessionLosses ?? 0).toBe(0);
  });

  test('6: a closed stream with retry: N reconnects after at least N ms with Last-Event-ID', async () => {
    const server = servers.resume;
    // A ping on the open stream gives the client an event id to resume from.
    const pongs = server.stats.pongs;
    await eventually('an event on the resume stream', () => server.stats.pongs > pongs);
    const before = mcp.requests(path('resume')).filter((r) => r.method === 'GET').length;
    const closedAt = Date.now();
    server.closeStandaloneStreams();
    const again = await eventually('GET again', () => mcp.requests(path('resume')).filter((r) => r.method === 'GET')[before]);
    expect(again.lastEventId).toBeTruthy();
    expect(again.at - closedAt).toBeGreaterThanOrEqual(650);
    expect(server.stats.initializes).toBe(1);
  });

  test('7: a tools/list answered as SSE with a server request first: both handled, the response matched by id', () => {
    expect(servers.sseping.stats.serverPingsAnsweredBeforeList).toBeGreaterThanOrEqual(1);
    expect(tools('sseping')?.names).toEqual(['s']);
  });

  test('8: a 2026-07-28 server is detected and polled: no GET, no session, no pongs, Mcp-Method on every request', async () => {
    const server = servers.modern;
    await eventually('polled twice', () => server.stats.listCalls >= 2);
    const seen = mcp.requests(path('modern'));
    expect(seen.filter((r) => r.method !== 'POST')).toEqual([]);
    const modern = seen.filter((r) => r.protocolVersion === MODERN);
    expect(modern.length).toBeGreaterThanOrEqual(3);
    for (const r of modern) {
      expect(r.sessionId).toBeUndefined();
      expect(r.mcpMethod).toBe(r.rpc);
    }
    expect(seen.some((r) => r.rpc === 'initialize' || r.rpc === 'response')).toBe(false);
    expect(server.stats.rejected).toBe(0);
    expect(status('modern')!.mcp).toEqual({ mode: 'Polling', protocolVersion: MODERN, sessionLosses: 0 });
    expect(tools('modern')?.names).toEqual(['modern_tool']);
  });

  test('paging: every page of tools/list is read (stateless server, one tool per page)', () => {
    expect(tools('stateless')).toMatchObject({ count: 3, names: ['fetch', 'search', 'summarize'] });
    expect(status('stateless')!.mcp).toMatchObject({ mode: 'Stateless' });
  });

  test('a changed tool list (list_changed) updates status.tools and sets ToolSurfaceChanged', async () => {
    const before = tools('changing')!;
    await servers.changing.setTools([{ name: 'x' }, { name: 'z' }]);
    const changed = await eventually('surface changed', () => {
      const c = conditionOf(status('changing'), 'ToolSurfaceChanged');
      return c?.status === 'True' && c;
    });
    expect(changed).toMatchObject({ reason: 'ToolsChanged', message: 'added: z; removed: y' });
    expect(tools('changing')).toMatchObject({ count: 2, names: ['x', 'z'] });
    expect(tools('changing')!.digest).not.toBe(before.digest);
    expect(servers.changing.stats.initializes).toBe(1);
  });

  test('9 and restart: a server that forgets its sessions gets exactly one re-initialise, counted in status', async () => {
    const server = servers.restarting;
    expect(server.stats.initializes).toBe(1);
    await server.restart();
    await eventually('loss counted', () => status('restarting')?.mcp?.sessionLosses === 1);
    await eventually('tools again', () => discovered('restarting')?.status === 'True' && server.sessions.size === 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(server.stats.initializes).toBe(2);
    expect(status('restarting')!.mcp).toMatchObject({ mode: 'Session', sessionLosses: 1 });
    expect(conditionOf(status('restarting'), 'Ready')?.status).toBe('True');
  });

  test('/metrics: Prometheus text with sessions held, status writes, API errors, MCP failures by reason and RSS', async () => {
    const port = await reconciler!.healthPort;
    const res = await new Promise<http.IncomingMessage & { body: string }>((resolve, reject) => {
      httpGet(`http://127.0.0.1:${port}/metrics`, (r) => {
        let body = '';
        r.setEncoding('utf8').on('data', (c: string) => (body += c));
        r.on('end', () => resolve(Object.assign(r, { body })));
      }).on('error', reject);
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(res.body);
    const value = (name: string, labels: Record<string, string> = {}) =>
      families.get(name)?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(families.get('tool_gateway_reconciler_mcp_sessions_held')?.type).toBe('gauge');
    // The stateful servers that keep their sessions: stateful, restarting, changing, noget, resume, sseping, forgets400.
    expect(value('tool_gateway_reconciler_mcp_sessions_held')).toBeGreaterThanOrEqual(5);
    expect(value('tool_gateway_reconciler_status_writes_total', { result: 'ok' })).toBeGreaterThan(0);
    expect(families.get('tool_gateway_reconciler_status_writes_total')?.type).toBe('counter');
    expect(value('tool_gateway_reconciler_mcp_failures_total', { reason: 'McpEndpointNotFound' })).toBeGreaterThanOrEqual(1);
    expect(value('tool_gateway_reconciler_mcp_failures_total', { reason: 'Unauthorized' })).toBeGreaterThanOrEqual(1);
    expect(value('tool_gateway_reconciler_mcp_failures_total', { reason: 'SessionLost' })).toBeGreaterThanOrEqual(1);
    expect(families.get('tool_gateway_reconciler_watch_restarts_total')?.type).toBe('counter');
    expect(families.get('tool_gateway_reconciler_api_errors_total')?.type).toBe('counter');
    expect(value('process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
  });

  test('never writes anything but /status, and on SIGTERM ends its sessions (DELETE) and exits 0', async () => {
    expect(api.nonStatusWrites()).toEqual([]);
    expect(await reconciler!.stop()).toBe(0);
    expect(servers.stateful.stats.deletes).toBe(1);
    expect(servers.stateful.sessions.size).toBe(0);
  });

  test('never loads undici (global fetch): every session above went over node:http', () => {
    const line = reconciler!.stderr
      .join('')
      .split('\n')
      .find((l) => l.startsWith('MODULES '));
    const loaded = JSON.parse(line!.slice('MODULES '.length)) as string[];
    // The hook saw the modules: node:http is there, as the sessions used it.
    expect(loaded).toContain('NativeModule http');
    expect(loaded.filter((m) => /undici/.test(m))).toEqual([]);
  });
});
