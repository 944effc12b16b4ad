import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { FastMCP } from 'fastmcp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { toolSurface, type ToolDefinition } from '../../src/reconciler/tool-surface.js';
import { routeToUrl, toolGateway } from '../support/intent-fixtures.js';
import { acceptRoute, compileCluster, conditionOf, programGateway, statusOf } from '../support/reconciler/cluster-fixture.js';
import { FakeKubeApi } from '../support/reconciler/fake-kube-api.js';
import { Forward, McpGateway } from '../support/reconciler/mcp-test-servers.js';
import { eventually, FAST, ReconcilerProcess } from '../support/reconciler/reconciler-process.js';

/**
 * Binds every listening server of the process it is loaded into to 127.0.0.1 (server-everything
 * listens on all interfaces) and prints the port it got, since it is started with PORT=0.
 */
const LOOPBACK_HOOK = `data:text/javascript,${encodeURIComponent(`
import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || typeof args[0] === 'string') {
    const cb = args.find((a) => typeof a === 'function');
    args = [Number(args[0]), '127.0.0.1', ...(cb ? [cb] : [])];
  }
  this.once('listening', () => process.stderr.write('LISTENING ' + this.address().port + '\\n'));
  return listen.apply(this, args);
};`)}`;

const quiet = () => undefined;

/** server-everything in streamable HTTP mode, in a child process on 127.0.0.1; resolves with its port. */
function startEverything(): Promise<{ child: ChildProcess; port: number }> {
  const entry = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/dist/index.js');
  const child = spawn(process.execPath, ['--import', LOOPBACK_HOOK, entry, 'streamableHttp'], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      err += c;
      const m = /LISTENING (\d+)/.exec(err);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`server-everything exited with ${code}: ${err}`)));
  });
}

/** The tools an SDK client lists at `url`, over all pages. */
async function sdkTools(url: string): Promise<ToolDefinition[]> {
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  try {
    const all: ToolDefinition[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined);
      all.push(...(page.tools as ToolDefinition[]));
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  } finally {
    await client.close();
  }
}

/**
 * The reconciler bundle against MCP servers written by others: @modelcontextprotocol/server-everything
 * (Express and the SDK's transport, in its own process) and fastmcp (in this process, with
 * its own HTTP stack, mcp-proxy), each behind the recording gateway. It must list exactly the
 * tools an SDK client lists and keep the sessions it opened.
 */
describe('reconciler bundle | real MCP servers', () => {
  const api = new FakeKubeApi({ bookmarkIntervalMs: 1000 });
  const mcp = new McpGateway();
  let everything: { child: ChildProcess; port: number } | undefined;
  const fast = new FastMCP({
    name: 'fastmcp-test',
    version: '1.0.0',
    ping: { enabled: true, intervalMs: 300 },
    logger: { debug: quiet, error: quiet, info: quiet, log: quiet, warn: quiet },
  });
  let fastPort = 0;
  let reconciler: ReconcilerProcess | undefined;
  const urls = { everything: '', fastmcp: '' };
  const path = (n: keyof typeof urls) => `/mcp/${n}/mcp`;
  const status = (n: keyof typeof urls) => statusOf(api, 'ToolRoute', 'mcp', n);

  beforeAll(async () => {
    everything = await startEverything();
    urls.everything = `http://127.0.0.1:${everything.port}/mcp`;
    fast.addTool({
      name: 'add',
      description: 'Adds two numbers',
      parameters: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => Promise.resolve(String(a + b)),
    });
    fast.addTool({
      name: 'echo',
      description: 'Echoes',
      parameters: z.object({ text: z.string() }),
      execute: ({ text }) => Promise.resolve(text),
    });
    // A free port from the kernel, then fastmcp on it (it takes no port 0 back out).
    const probe = new McpGateway();
    fastPort = await probe.start();
    await probe.stop();
    await fast.start({ transportType: 'httpStream', httpStream: { port: fastPort, host: '127.0.0.1', endpoint: '/mcp' } });
    urls.fastmcp = `http://127.0.0.1:${fastPort}/mcp`;

    const port = await mcp.start();
    mcp.mount(path('everything'), new Forward(urls.everything));
    mcp.mount(path('fastmcp'), new Forward(urls.fastmcp));
    await api.start();
    const { plan, objects } = compileCluster([
      toolGateway('tool-gateway', 'gw'),
      routeToUrl('mcp', 'everything', 'https://everything.example.com/mcp'),
      routeToUrl('mcp', 'fastmcp', 'https://fastmcp.example.com/mcp'),
    ]);
    api.applyAll(objects);
    programGateway(api, 'tool-gateway', 'gw', '127.0.0.1', port);
    for (const r of plan.routes) acceptRoute(api, r.namespace, r.httpRoute, r.gateway);
    // Re-listed often, so the sessions are used again and again while the tests run.
    reconciler = ReconcilerProcess.start(api.url, plan, { ...FAST, mcpRelistMs: 300 });
    await eventually('both routes listed', () =>
      (['everything', 'fastmcp'] as const).every((n) => conditionOf(status(n), 'ToolsDiscovered')?.status === 'True'),
    );
  });

  afterAll(async () => {
    await reconciler?.killed();
    await api.stop();
    await mcp.stop();
    await fast.stop().catch(() => undefined);
    everything?.child.kill('SIGKILL');
  });

  for (const name of ['everything', 'fastmcp'] as const) {
    test(`${name}: the tools in status are exactly those an SDK client lists`, async () => {
      const expected = toolSurface(await sdkTools(urls[name])).summary;
      expect(expected.count).toBeGreaterThan(1);
      expect(status(name)!.tools).toEqual(expected);
      expect(status(name)!.mcp).toMatchObject({ mode: 'Session', sessionLosses: 0 });
      expect(conditionOf(status(name), 'Ready')?.status).toBe('True');
    });
  }

  for (const name of ['everything', 'fastmcp'] as const) {
    test(`${name}: the session is kept over time: re-listings reuse it, one initialize, no losses`, async () => {
      // Neither server pings its clients here (fastmcp 4.20 never learns the client's capabilities
      // in time to start its pings, with the SDK client too), so the re-listings exercise the session.
      const lists = await eventually('3 listings', () => {
        const ok = mcp.requests(path(name), 'tools/list').filter((r) => r.status === 200);
        return ok.length >= 3 && ok;
      });
      expect(new Set(lists.map((l) => l.sessionId)).size).toBe(1);
      expect(lists[0]!.sessionId).toMatch(/^[\x21-\x7e]+$/);
      expect(mcp.requests(path(name), 'initialize')).toHaveLength(1);
      const gets = mcp.requests(path(name)).filter((r) => r.method === 'GET');
      expect(gets.map((g) => g.status)).toEqual([200]);
      expect(status(name)!.mcp).toMatchObject({ mode: 'Session', sessionLosses: 0 });
    });
  }

  test('both sessions are ended with DELETE at shutdown', async () => {
    expect(await reconciler!.stop()).toBe(0);
    for (const n of ['everything', 'fastmcp'] as const) {
      const deletes = mcp.requests(path(n)).filter((r) => r.method === 'DELETE');
      expect(deletes).toHaveLength(1);
      expect(deletes[0]!.sessionId).toBe(mcp.requests(path(n), 'tools/list')[0]!.sessionId);
    }
  });
});
