import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import type { Condition, DiscoveredTools } from '../contracts/status.js';
import { Backoff } from './backoff.js';
import { errorMessage, type Logger } from './logger.js';
import { McpRequestError, MODERN_PROTOCOL_VERSION, modernRequest, speaksModern } from './modern-mcp.js';
import { nodeFetch } from './node-fetch.js';
import type { SessionSnapshot } from './session-snapshot.js';
import type { Semaphore } from './semaphore.js';
import { compareSurfaces, describeChange, toolSurface, type ToolDefinition, type ToolSurface } from './tool-surface.js';

export interface SessionOptions {
  readonly requestTimeoutMs: number;
  /** Re-list a live session this often, even without `list_changed`. */
  readonly relistMs: number;
  /** List a 2026-07-28 server this often. */
  readonly pollMs: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** Limits how many sessions are being set up at once. */
  readonly connectLimit: Semaphore;
  readonly log: Logger;
}

/** What the route's status recorded before this process started, to count and compare from. */
export interface SessionSeed {
  readonly tools?: DiscoveredTools;
  readonly sessionLosses?: number;
  readonly surface?: Pick<Condition, 'status' | 'reason' | 'message'>;
}

/** We only list tools; their output schemas are never used, so none are compiled. */
const NO_VALIDATION: jsonSchemaValidator = {
  getValidator: () => (input: unknown) => ({ valid: true, data: input as never, errorMessage: undefined }),
};

const CLIENT_INFO = { name: 'cdk8s-tool-gateway-reconciler', version: '0.1.0' };

/** Stop paging after this many pages: a server that always returns a cursor must not trap us. */
const MAX_PAGES = 100;

function httpStatus(e: unknown): number | undefined {
  if (e instanceof StreamableHTTPError) return e.code;
  if (e instanceof McpRequestError) return e.status;
  return undefined;
}

/** The ToolsDiscovered reason for a failure; 401 and 403 are about credentials, not the session. */
function failureReason(e: unknown): string {
  switch (httpStatus(e)) {
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 400:
      return 'BadRequest';
    case 404:
      return 'SessionLost';
    default:
      return e instanceof TypeError || /fetch failed|ECONNREFUSED|ECONNRESET|timed? ?out|aborted/i.test(errorMessage(e))
        ? 'Unreachable'
        : 'ListFailed';
  }
}

/** `cause` of undici's "fetch failed" holds the useful part (ECONNREFUSED ...). */
function describe(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const base = errorMessage(e);
  return cause?.code ? `${base} (${cause.code})` : base;
}

/**
 * One MCP client session to one route, through its gateway, following the Streamable HTTP rules
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http). The SDK does the protocol: `initialize` and `notifications/initialized`,
 * session and protocol-version headers, the standalone GET stream (none on 405), answering the
 * server's `ping` on it (stateful servers reap sessions that miss pings), resuming it with
 * `Last-Event-ID` after the server's `retry`, requests answered as SSE. This class adds the rest:
 *
 * - tools/list over all pages, again on `notifications/tools/list_changed` and on an interval;
 * - a 404 for a request that carried the session id: one fresh `initialize` without it, the
 *   request retried once, a second failure reported — never a loop; each loss is counted;
 * - a 404 on the stream (the server reaped or forgot the session): the same one re-initialise;
 * - 401/403 are reported as such, not treated as a lost session; other failures retry with backoff;
 * - servers of the 2026-07-28 revision (no sessions, streams or pings) are detected first and polled.
 */
export class RouteSession {
  private state: SessionSnapshot['state'] = 'connecting';
  private reason?: string;
  private error?: string;
  private tools?: DiscoveredTools;
  private before?: { summary: DiscoveredTools; perTool?: ReadonlyMap<string, string> };
  private surface?: SessionSnapshot['surface'];
  private mode?: SessionSnapshot['mode'];
  private protocolVersion?: string;
  private losses: number;

  private client?: Client;
  private transport?: StreamableHTTPClientTransport;
  /** Bumped per connection, so callbacks of a closed connection are ignored. */
  private connection = 0;
  private recovering?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private readonly backoff: Backoff;

  constructor(
    readonly key: string,
    readonly url: string,
    seed: SessionSeed,
    private readonly o: SessionOptions,
    private readonly onUpdate: () => void,
  ) {
    this.losses = seed.sessionLosses ?? 0;
    if (seed.tools) this.before = { summary: seed.tools };
    this.tools = seed.tools;
    this.surface = seed.surface;
    this.backoff = new Backoff(o.backoffBaseMs, o.backoffMaxMs);
  }

  snapshot(): SessionSnapshot {
    return {
      state: this.state,
      reason: this.reason,
      error: this.error,
      tools: this.tools,
      surface: this.surface,
      protocolVersion: this.protocolVersion,
      mode: this.mode,
      sessionLosses: this.losses,
    };
  }

  start(): void {
    this.schedule(0, () => this.connect());
  }

  /** Ends the session: DELETE for a stateful one (the server may refuse with 405), then close. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const { client, transport } = this;
    this.client = undefined;
    this.transport = undefined;
    this.connection++;
    if (transport?.sessionId) {
      await Promise.race([transport.terminateSession().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    }
    await client?.close().catch(() => undefined);
  }

  private schedule(ms: number, run: () => Promise<void>): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    this.timer = setTimeout(() => void run().catch((e: unknown) => this.fail(e)), ms);
    this.timer.unref();
  }

  private async connect(): Promise<void> {
    await this.o.connectLimit.run(async () => {
      if (this.closed) return;
      if (await speaksModern(this.url, this.o.requestTimeoutMs)) {
        this.mode = 'Polling';
        this.protocolVersion = MODERN_PROTOCOL_VERSION;
        await this.listModern();
        return;
      }
      await this.open();
      await this.listLegacy();
    });
  }

  /** A new SDK client and transport; the old ones (if any) are dropped without DELETE: that session is gone. */
  private async open(): Promise<void> {
    const old = this.client;
    this.client = undefined;
    this.transport = undefined;
    void old?.close().catch(() => undefined);
    const connection = ++this.connection;
    const transport = new StreamableHTTPClientTransport(new URL(this.url), {
      fetch: nodeFetch,
      reconnectionOptions: {
        initialReconnectionDelay: 1000,
        maxReconnectionDelay: 30_000,
        reconnectionDelayGrowFactor: 1.5,
        maxRetries: 3,
      },
    });
    const client = new Client(CLIENT_INFO, { capabilities: {}, jsonSchemaValidator: NO_VALIDATION });
    client.onerror = (e) => this.onTransportError(e, connection);
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      if (connection !== this.connection || this.closed) return;
      this.o.log.info('tools/list_changed received', { route: this.key });
      void this.listLegacy().catch((e: unknown) => this.fail(e));
    });
    await client.connect(transport, { timeout: this.o.requestTimeoutMs });
    if (connection !== this.connection || this.closed) {
      void client.close().catch(() => undefined);
      return;
    }
    this.client = client;
    this.transport = transport;
    this.mode = transport.sessionId ? 'Session' : 'Stateless';
    this.protocolVersion = transport.protocolVersion;
    this.o.log.info('mcp session open', { route: this.key, mode: this.mode, protocolVersion: this.protocolVersion });
  }

  /**
   * The server no longer knows our session: one fresh `initialize` (shared by everyone who
   * noticed at the same time), counted once.
   */
  private recover(why: string): Promise<void> {
    if (!this.recovering) {
      this.losses++;
      this.o.log.warn('mcp session lost, re-initialising', { route: this.key, why, sessionLosses: this.losses });
      this.recovering = this.open().finally(() => {
        this.recovering = undefined;
      });
    }
    return this.recovering;
  }

  private onTransportError(e: unknown, connection: number): void {
    if (connection !== this.connection || this.closed) return;
    const status = httpStatus(e);
    // A failed POST is reported here too, and to its caller, who handles it (withSession).
    const onStream = /SSE stream/.test(errorMessage(e));
    if (status === 404 && onStream && this.mode === 'Session') {
      // The GET stream was refused for our session id: the server reaped or forgot it.
      void this.recover('the server answered 404 on the session stream')
        .then(() => this.listLegacy())
        .catch((err: unknown) => this.fail(err));
    } else if (/Maximum reconnection attempts/.test(errorMessage(e)) && this.mode === 'Session') {
      // The stream is gone for good; without it the server's pings go unanswered.
      void this.recover('the session stream could not be re-opened')
        .then(() => this.listLegacy())
        .catch((err: unknown) => this.fail(err));
    } else {
      this.o.log.debug('mcp transport error', { route: this.key, error: errorMessage(e) });
    }
  }

  /** Runs a request; on a 404 for a request that carried our session id, re-initialises once and retries once. */
  private async withSession<T>(op: (client: Client) => Promise<T>): Promise<T> {
    const client = this.recovering ? (await this.recovering, this.client) : this.client;
    if (!client) throw new Error('no MCP session');
    try {
      return await op(client);
    } catch (e) {
      // Only a request that carried a session id means "session gone"; a stateless 404 is just an error.
      if (httpStatus(e) !== 404 || this.mode !== 'Session') throw e;
      await this.recover('the server answered 404 for our session id');
      if (!this.client) throw new Error('no MCP session', { cause: e });
      return op(this.client);
    }
  }

  private async listLegacy(): Promise<void> {
    const tools = await this.withSession(async (client) => {
      const all: Tool[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: this.o.requestTimeoutMs });
        all.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor && ++pages < MAX_PAGES);
      return all;
    });
    this.listed(tools);
    if (this.mode === 'Stateless') {
      // Nothing to keep alive without a session: let the client go, and start afresh next time.
      const old = this.client;
      this.client = undefined;
      this.transport = undefined;
      this.connection++;
      void old?.close().catch(() => undefined);
      this.schedule(this.o.relistMs, () => this.connect());
      return;
    }
    this.schedule(this.o.relistMs, () => this.listLegacy());
  }

  private async listModern(): Promise<void> {
    const all: ToolDefinition[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await modernRequest(this.url, 'tools/list', cursor ? { cursor } : {}, this.o.requestTimeoutMs);
      all.push(...((page.tools as ToolDefinition[] | undefined) ?? []));
      cursor = typeof page.nextCursor === 'string' ? page.nextCursor : undefined;
    } while (cursor && ++pages < MAX_PAGES);
    this.listed(all);
    this.schedule(this.o.pollMs, () => this.listModern());
  }

  /** Records a listing and works out ToolSurfaceChanged against the previous one. */
  private listed(tools: readonly ToolDefinition[]): void {
    if (this.closed) return;
    const surface: ToolSurface = toolSurface(tools);
    const change = this.before ? compareSurfaces(this.before, surface) : undefined;
    if (change) {
      const message = describeChange(change);
      this.surface = { status: 'True', reason: 'ToolsChanged', message };
      this.o.log.info('tool surface changed', { route: this.key, change: message });
    } else if (!this.surface) {
      this.surface = this.before
        ? { status: 'False', reason: 'Unchanged', message: 'the tools match the list recorded in status' }
        : { status: 'False', reason: 'FirstDiscovery', message: `${surface.summary.count} tools discovered` };
    }
    this.before = surface;
    this.tools = surface.summary;
    this.state = 'ready';
    this.reason = undefined;
    this.error = undefined;
    this.backoff.reset();
    this.onUpdate();
  }

  private fail(e: unknown): void {
    if (this.closed) return;
    const reason = failureReason(e);
    const message = describe(e);
    this.o.log.warn('mcp session failed', { route: this.key, reason, error: message });
    this.state = 'failed';
    this.reason = reason;
    this.error = message;
    // Start over with a fresh connection after a while; the old one may be half-open.
    const old = this.client;
    this.client = undefined;
    this.transport = undefined;
    this.connection++;
    void old?.close().catch(() => undefined);
    this.onUpdate();
    this.schedule(this.backoff.next(), () => this.connect());
  }
}
