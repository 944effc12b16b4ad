import type { Condition, DiscoveredTools } from '../contracts/status.js';
import { Backoff } from './backoff.js';
import { failureMessage, failureReason } from './failure-reason.js';
import type { Logger } from './logger.js';
import { McpClient } from './mcp-client.js';
import { McpRequestError } from './mcp-request-error.js';
import { MODERN_PROTOCOL_VERSION, modernRequest, speaksModern } from './modern-mcp.js';
import type { SessionSnapshot } from './session-snapshot.js';
import type { Semaphore } from './semaphore.js';
import type { TimerWheel, WheelTimer } from './timer-wheel.js';
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
  /** Every session's re-lists, polls, backoffs and stream reconnects. */
  readonly timers: TimerWheel;
  readonly log: Logger;
  /** Told the reason of every failure (for /metrics). */
  readonly onFailure?: (reason: string) => void;
}

/** What the route's status recorded before this process started, to count and compare from. */
export interface SessionSeed {
  readonly tools?: DiscoveredTools;
  readonly sessionLosses?: number;
  readonly surface?: Pick<Condition, 'status' | 'reason' | 'message'>;
}

/** Stop paging after this many pages: a server that always returns a cursor must not trap us. */
const MAX_PAGES = 100;

/** How long a DELETE at shutdown may take. */
const TERMINATE_MS = 2000;

/** A 404 or 400 answered to a request that carried our session id: the server forgot the session. */
function sessionRejected(e: unknown): boolean {
  return e instanceof McpRequestError && (e.status === 404 || e.status === 400) && e.sessionId !== undefined;
}

/**
 * One MCP client session to one route, through its gateway (see `McpClient` for the protocol).
 * This class adds the rest:
 *
 * - tools/list over all pages, again on `notifications/tools/list_changed` and on an interval;
 * - a 404 or 400 for a request that carried the session id: one fresh `initialize` without it,
 *   the request retried once, a second failure reported — never a loop; each loss is counted;
 * - a 404 on the stream (the server reaped or forgot the session): the same one re-initialise;
 * - a 404 without a session id (nothing serves MCP at that path) is `McpEndpointNotFound`;
 *   401/403 are reported as such; other failures retry with backoff;
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

  private client?: McpClient;
  private recovering?: Promise<void>;
  private timer?: WheelTimer;
  private closed = false;
  private readonly backoff: Backoff;
  private readonly target: URL;

  constructor(
    readonly key: string,
    readonly url: string,
    seed: SessionSeed,
    private readonly o: SessionOptions,
    private readonly onUpdate: () => void,
  ) {
    this.target = new URL(url);
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

  /** True while a stateful session is open (for /metrics). */
  get held(): boolean {
    return this.mode === 'Session' && this.client !== undefined;
  }

  start(): void {
    this.schedule(0, () => this.connect());
  }

  /** Ends the session: DELETE for a stateful one (the server may refuse with 405), then close. */
  async close(): Promise<void> {
    this.closed = true;
    this.timer?.cancel();
    const client = this.client;
    this.client = undefined;
    await client?.terminate(TERMINATE_MS);
  }

  private schedule(ms: number, run: () => Promise<void>): void {
    this.timer?.cancel();
    if (this.closed) return;
    this.timer = this.o.timers.after(ms, () => void run().catch((e: unknown) => this.fail(e)));
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

  /** A new client; the old one (if any) is dropped without DELETE: that session is gone. */
  private async open(): Promise<void> {
    this.client?.close();
    this.client = undefined;
    const client: McpClient = new McpClient(this.target, this.o.requestTimeoutMs, this.o.timers, {
      onNotification: (method) => {
        if (method !== 'notifications/tools/list_changed' || client !== this.client || this.closed) return;
        this.o.log.info('tools/list_changed received', { route: this.key });
        void this.listLegacy().catch((e: unknown) => this.fail(e));
      },
      onStreamLost: (why) => {
        if (client !== this.client || this.closed) return;
        void this.recover(why)
          .then(() => this.listLegacy())
          .catch((err: unknown) => this.fail(err));
      },
      onDebug: (msg, fields) => this.o.log.debug(msg, { route: this.key, ...fields }),
    });
    try {
      await client.initialize();
    } catch (e) {
      client.close();
      throw e;
    }
    if (this.closed) {
      void client.terminate(TERMINATE_MS);
      return;
    }
    this.client = client;
    this.mode = client.sessionId ? 'Session' : 'Stateless';
    this.protocolVersion = client.protocolVersion;
    this.o.log.info('mcp session open', { route: this.key, mode: this.mode, protocolVersion: this.protocolVersion });
  }

  /**
   * The server no longer knows our session: one fresh `initialize` (shared by everyone who
   * noticed at the same time), counted as a loss.
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

  /** Runs a request; on a 404 or 400 for a request that carried our session id, re-initialises once and retries once. */
  private async withSession<T>(op: (client: McpClient) => Promise<T>): Promise<T> {
    const client = this.recovering ? (await this.recovering, this.client) : this.client;
    if (!client) throw new Error('no MCP session');
    try {
      return await op(client);
    } catch (e) {
      if (!sessionRejected(e) || this.mode !== 'Session') throw e;
      await this.recover(`the server answered ${(e as McpRequestError).status} for our session id`);
      if (!this.client) throw new Error('no MCP session', { cause: e });
      return op(this.client);
    }
  }

  private async listLegacy(): Promise<void> {
    const tools = await this.withSession(async (client) => {
      const all: ToolDefinition[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await client.request('tools/list', cursor ? { cursor } : undefined);
        all.push(...toolsOf(page));
        cursor = typeof page.nextCursor === 'string' ? page.nextCursor : undefined;
      } while (cursor && ++pages < MAX_PAGES);
      return all;
    });
    this.listed(tools);
    if (this.mode === 'Stateless') {
      // Nothing to keep alive without a session: let the client go, and start afresh next time.
      this.client?.close();
      this.client = undefined;
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
      all.push(...toolsOf(page));
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
    const message = failureMessage(e);
    this.o.log.warn('mcp session failed', { route: this.key, reason, error: message });
    this.o.onFailure?.(reason);
    this.state = 'failed';
    this.reason = reason;
    this.error = message;
    // Start over with a fresh connection after a while; the old one may be half-open.
    this.client?.close();
    this.client = undefined;
    this.onUpdate();
    this.schedule(this.backoff.next(), () => this.connect());
  }
}

/** The tool definitions of a tools/list page; entries without a string name are not tools. */
function toolsOf(page: Record<string, unknown>): ToolDefinition[] {
  const tools = page.tools;
  if (!Array.isArray(tools)) return [];
  return tools.filter(
    (t): t is ToolDefinition => typeof t === 'object' && t !== null && typeof (t as { name?: unknown }).name === 'string',
  );
}
