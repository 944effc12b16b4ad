import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryEventStore } from '@modelcontextprotocol/sdk/examples/shared/inMemoryEventStore.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { EmptyResultSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

/**
 * Real MCP servers (@modelcontextprotocol/sdk) on 127.0.0.1 behind a tiny "gateway" that routes
 * by path, as agentgateway routes `/<ns>/<route>/mcp`, and records every request it passes on.
 */

export interface ToolSpec {
  readonly name: string;
  readonly description?: string;
}

export interface SeenRequest {
  readonly path: string;
  readonly method: string;
  /** JSON-RPC method(s) of a POST body; `response` for a POSTed response (e.g. a pong). */
  readonly rpc?: string;
  readonly rpcId?: unknown;
  readonly sessionId?: string;
  readonly protocolVersion?: string;
  readonly mcpMethod?: string;
  readonly lastEventId?: string;
  readonly at: number;
  status?: number;
}

export interface Behaviour {
  handle(req: http.IncomingMessage, res: http.ServerResponse, body: unknown): void | Promise<void>;
  close(): Promise<void>;
}

function jsonError(res: http.ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

function toolList(tools: readonly ToolSpec[]) {
  return tools.map((t) => ({
    name: t.name,
    description: t.description ?? `the ${t.name} tool`,
    inputSchema: { type: 'object' as const, properties: {} },
  }));
}

/** tools/list over pages of `pageSize` (cursor = offset). */
function page(tools: readonly ToolSpec[], cursor: string | undefined, pageSize: number | undefined) {
  const all = toolList(tools);
  if (!pageSize) return { tools: all };
  const start = Number(cursor ?? 0);
  const next = start + pageSize;
  return { tools: all.slice(start, next), ...(next < all.length ? { nextCursor: String(next) } : {}) };
}

export class McpGateway {
  readonly seen: SeenRequest[] = [];
  private readonly routes = new Map<string, Behaviour>();
  private server?: http.Server;

  async start(): Promise<number> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return this.port;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  mount(path: string, b: Behaviour): void {
    this.routes.set(path, b);
  }

  /** Requests to `path` (optionally only those with JSON-RPC method `rpc`). */
  requests(path: string, rpc?: string): SeenRequest[] {
    return this.seen.filter((r) => r.path === path && (rpc === undefined || r.rpc === rpc));
  }

  async stop(): Promise<void> {
    for (const b of this.routes.values()) await b.close();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let body: unknown;
    if (req.method === 'POST') {
      const text = await new Promise<string>((resolve) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    const msg = body as { method?: string; id?: unknown; result?: unknown } | undefined;
    const h = (name: string) => (req.headers[name] as string | undefined) ?? undefined;
    const seen: SeenRequest = {
      path,
      method: req.method ?? 'GET',
      rpc: msg?.method ?? (msg && 'result' in msg ? 'response' : undefined),
      rpcId: msg?.id,
      sessionId: h('mcp-session-id'),
      protocolVersion: h('mcp-protocol-version'),
      mcpMethod: h('mcp-method'),
      lastEventId: h('last-event-id'),
      at: Date.now(),
    };
    this.seen.push(seen);
    // Recorded when the head is written: a stream's response never finishes while it is open.
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
    res.writeHead = (status: number, ...rest: unknown[]) => {
      seen.status = status;
      return writeHead(status, ...rest);
    };
    res.on('finish', () => (seen.status ??= res.statusCode));
    const route = this.routes.get(path);
    if (!route) {
      jsonError(res, 404, -32601, `no route ${path}`);
      return;
    }
    try {
      await route.handle(req, res, body);
    } catch (e) {
      if (!res.headersSent) jsonError(res, 500, -32603, (e as Error).message);
    }
  }
}

export interface StatefulOptions {
  tools: ToolSpec[];
  /** Ping every session this often over its standalone stream; unset: no pings. */
  readonly pingIntervalMs?: number;
  readonly pingTimeoutMs?: number;
  /** Reap a session after this many missed pings in a row. */
  readonly reapAfterMisses?: number;
  /** Resumable streams: an event store, and this `retry:` on the priming event. */
  readonly retryIntervalMs?: number;
  /** Answer GET with 405 (no standalone stream). */
  readonly getNotAllowed?: boolean;
  /** Leave the Mcp-Session-Id header off the initialize response, yet require it afterwards. */
  readonly hideSessionId?: boolean;
  /** Before answering tools/list, ask the client for a ping on the same (SSE) response. */
  readonly pingBeforeListResponse?: boolean;
  /** Answer every tools/list that carries a session id with 404. */
  readonly always404OnList?: boolean;
  /**
   * Forget the session at its first tools/list and answer it with this status, as a server
   * restarted between `initialize` and the listing does (server-everything answers 400).
   */
  readonly forgetOnFirstList?: 400 | 404;
  readonly pageSize?: number;
}

/**
 * The SDK's low-level server, which these test servers need: they answer tools/list by hand
 * (paged, or after pinging the client) and ping clients themselves. McpServer's high-level API
 * has no room for that, so the server is taken from inside one.
 */
type LowLevelServer = McpServer['server'];

function lowLevelServer(name: string, capabilities: { tools: { listChanged?: boolean } }): LowLevelServer {
  return new McpServer({ name, version: '1.0.0' }, { capabilities }).server;
}

interface Session {
  readonly id: string;
  readonly server: LowLevelServer;
  readonly transport: StreamableHTTPServerTransport;
  timer?: NodeJS.Timeout;
  misses: number;
  pongs: number;
}

/** Counters of a stateful server. */
export interface StatefulStats {
  initializes: number;
  listCalls: number;
  pingsSent: number;
  pongs: number;
  missedPings: number;
  reaps: number;
  deletes: number;
  serverPingsAnsweredBeforeList: number;
}

/**
 * A stateful MCP server: a session per `initialize`, 404 for an unknown session id, 400 for a
 * missing one. With `pingIntervalMs` it pings each session over the standalone GET stream and
 * reaps a session after `reapAfterMisses` missed pings in a row, as Playwright's server does.
 */
export class StatefulMcp implements Behaviour {
  readonly sessions = new Map<string, Session>();
  readonly stats: StatefulStats = {
    initializes: 0,
    listCalls: 0,
    pingsSent: 0,
    pongs: 0,
    missedPings: 0,
    reaps: 0,
    deletes: 0,
    serverPingsAnsweredBeforeList: 0,
  };

  constructor(readonly o: StatefulOptions) {}

  /** Changes the tool list and tells every live session (notifications/tools/list_changed). */
  async setTools(tools: ToolSpec[]): Promise<void> {
    this.o.tools = tools;
    await Promise.all([...this.sessions.values()].map((s) => s.server.sendToolListChanged().catch(() => undefined)));
  }

  /** A restart: every session forgotten, every stream closed. */
  async restart(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) {
      clearInterval(s.timer);
      await s.transport.close().catch(() => undefined);
    }
  }

  /** Closes each session's standalone stream (a clean end after the priming event): the client resumes. */
  closeStandaloneStreams(): void {
    for (const s of this.sessions.values()) s.transport.closeStandaloneSSEStream();
  }

  async close(): Promise<void> {
    await this.restart();
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse, body: unknown): Promise<void> {
    if (req.method === 'GET' && this.o.getNotAllowed) {
      res.writeHead(405, { allow: 'POST, DELETE' }).end();
      return;
    }
    const sid = req.headers['mcp-session-id'] as string | undefined;
    const msg = body as { method?: string } | undefined;
    if (sid) {
      const s = this.sessions.get(sid);
      if (!s) {
        jsonError(res, 404, -32001, 'Session not found');
        return;
      }
      if (req.method === 'DELETE') {
        this.stats.deletes++;
        clearInterval(s.timer);
        this.sessions.delete(sid);
      }
      if (req.method === 'POST' && msg?.method === 'tools/list') {
        this.stats.listCalls++;
        if (this.o.always404OnList) {
          jsonError(res, 404, -32001, 'Session not found');
          return;
        }
        if (this.o.forgetOnFirstList !== undefined && this.stats.listCalls === 1) {
          this.sessions.delete(sid);
          clearInterval(s.timer);
          await s.transport.close().catch(() => undefined);
          jsonError(res, this.o.forgetOnFirstList, -32000, 'Bad Request: No valid session ID provided');
          return;
        }
      }
      return s.transport.handleRequest(req, res, body);
    }
    if (req.method === 'POST' && msg?.method === 'initialize') {
      this.stats.initializes++;
      const session = await this.newSession();
      if (this.o.hideSessionId) hideHeader(res, 'mcp-session-id');
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method === 'POST' && msg?.method === 'tools/list') this.stats.listCalls++;
    jsonError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
  }

  private async newSession(): Promise<Session> {
    const server = lowLevelServer('stateful-test', { tools: { listChanged: true } });
    server.setRequestHandler(ListToolsRequestSchema, async (req, extra) => {
      if (this.o.pingBeforeListResponse) {
        await extra.sendRequest({ method: 'ping' }, EmptyResultSchema, { timeout: 2000 });
        this.stats.serverPingsAnsweredBeforeList++;
      }
      return page(this.o.tools, req.params?.cursor, this.o.pageSize);
    });
    let session: Session | undefined;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      ...(this.o.retryIntervalMs !== undefined ? { eventStore: new InMemoryEventStore(), retryInterval: this.o.retryIntervalMs } : {}),
      onsessioninitialized: (id) => {
        session = { id, server, transport, misses: 0, pongs: 0 };
        this.sessions.set(id, session);
        if (this.o.pingIntervalMs) session.timer = setInterval(() => void this.ping(session!), this.o.pingIntervalMs);
      },
    });
    await server.connect(transport);
    return { id: '', server, transport, misses: 0, pongs: 0 };
  }

  private async ping(s: Session): Promise<void> {
    if (!this.sessions.has(s.id)) return;
    this.stats.pingsSent++;
    try {
      await s.server.request({ method: 'ping' }, EmptyResultSchema, { timeout: this.o.pingTimeoutMs ?? 500 });
      s.misses = 0;
      s.pongs++;
      this.stats.pongs++;
    } catch {
      s.misses++;
      this.stats.missedPings++;
      if (s.misses >= (this.o.reapAfterMisses ?? 2) && this.sessions.delete(s.id)) {
        this.stats.reaps++;
        clearInterval(s.timer);
        await s.transport.close().catch(() => undefined);
      }
    }
  }
}

/** Drops a response header, however the transport writes it. */
function hideHeader(res: http.ServerResponse, name: string): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.writeHead = (status: number, ...rest: unknown[]) => {
    res.removeHeader(name);
    const at = rest.findIndex((r) => typeof r === 'object' && r !== null);
    const headers = rest[at];
    if (Array.isArray(headers)) {
      for (let i = headers.length - 2; i >= 0; i -= 2) if (String(headers[i]).toLowerCase() === name) headers.splice(i, 2);
    } else if (headers) {
      rest[at] = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== name));
    }
    return writeHead(status, ...rest);
  };
}

/** A stateless MCP server: a fresh server per request, no session id, 405 on GET and DELETE. */
export class StatelessMcp implements Behaviour {
  readonly stats = { initializes: 0, listCalls: 0, gets: 0 };

  constructor(readonly o: { tools: ToolSpec[]; pageSize?: number }) {}

  async handle(req: http.IncomingMessage, res: http.ServerResponse, body: unknown): Promise<void> {
    if (req.method !== 'POST') {
      if (req.method === 'GET') this.stats.gets++;
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const msg = body as { method?: string } | undefined;
    if (msg?.method === 'initialize') this.stats.initializes++;
    if (msg?.method === 'tools/list') this.stats.listCalls++;
    const server = lowLevelServer('stateless-test', { tools: {} });
    server.setRequestHandler(ListToolsRequestSchema, (r) => page(this.o.tools, r.params?.cursor, this.o.pageSize));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  async close(): Promise<void> {}
}

export const MODERN = '2026-07-28';

/**
 * A server of the 2026-07-28 revision (hand-written: the SDK 1.x does not speak it): no
 * sessions, no initialize, 405 on GET and DELETE; each POST must carry `MCP-Protocol-Version:
 * 2026-07-28` equal to the `_meta` version and `Mcp-Method` equal to the body's method.
 */
export class ModernMcp implements Behaviour {
  readonly stats = { discovers: 0, listCalls: 0, rejected: 0, gets: 0 };

  constructor(readonly o: { tools: ToolSpec[] }) {}

  handle(req: http.IncomingMessage, res: http.ServerResponse, body: unknown): void {
    if (req.method !== 'POST') {
      if (req.method === 'GET') this.stats.gets++;
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const msg = body as { id?: unknown; method?: string; params?: { _meta?: Record<string, unknown> } } | undefined;
    const reply = (status: number, payload: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: msg?.id ?? null, ...payload }));
    };
    if (req.headers['mcp-protocol-version'] !== MODERN) {
      this.stats.rejected++;
      reply(400, {
        error: { code: -32000, message: `Unsupported protocol version: ${String(req.headers['mcp-protocol-version'])}` },
      });
      return;
    }
    if (req.headers['mcp-method'] !== msg?.method || msg?.params?._meta?.['io.modelcontextprotocol/protocolVersion'] !== MODERN) {
      this.stats.rejected++;
      reply(400, { error: { code: -32020, message: 'HeaderMismatch' } });
      return;
    }
    if (msg.method === 'server/discover') {
      this.stats.discovers++;
      reply(200, {
        result: { supportedVersions: [MODERN], capabilities: { tools: {} }, serverInfo: { name: 'modern-test', version: '1.0.0' } },
      });
      return;
    }
    if (msg.method === 'tools/list') {
      this.stats.listCalls++;
      reply(200, { result: { tools: toolList(this.o.tools) } });
      return;
    }
    reply(404, { error: { code: -32601, message: `Method not found: ${msg.method}` } });
  }

  async close(): Promise<void> {}
}

/**
 * Passes every request on to a real MCP server at `target` and its answer back, streamed, so the
 * gateway records what the reconciler sends to servers that are not ours.
 */
export class Forward implements Behaviour {
  private readonly open = new Set<http.ClientRequest>();

  constructor(readonly target: string) {}

  handle(req: http.IncomingMessage, res: http.ServerResponse, body: unknown): void {
    const url = new URL(this.target);
    const headers: http.OutgoingHttpHeaders = { ...req.headers, host: url.host };
    delete headers['transfer-encoding'];
    const data = req.method === 'POST' ? JSON.stringify(body) : undefined;
    if (data !== undefined) headers['content-length'] = String(Buffer.byteLength(data));
    const up = http.request(url, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    this.open.add(up);
    up.on('close', () => this.open.delete(up));
    up.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    res.on('close', () => up.destroy());
    up.end(data);
  }

  close(): Promise<void> {
    for (const r of this.open) r.destroy();
    return Promise.resolve();
  }
}
