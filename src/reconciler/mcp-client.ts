import type http from 'node:http';
import { McpRequestError } from './mcp-request-error.js';
import { mcpHttp, mcpPost, type JsonRpcMessage } from './mcp-post.js';
import { SseParser } from './sse-parser.js';
import type { TimerWheel, WheelTimer } from './timer-wheel.js';

/** The revision this client asks for, and the earlier ones it accepts from a server. */
export const LATEST_PROTOCOL_VERSION = '2025-11-25';
const SUPPORTED_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];

const CLIENT_INFO = { name: 'cdk8s-tool-gateway-reconciler', version: '0.1.0' };

/** Reconnecting the standalone stream: the server's `retry:` if it sent one, else these. */
const RECONNECT = { initialMs: 1000, maxMs: 30_000, factor: 1.5, maxAttempts: 3 };

export interface McpClientEvents {
  /** A notification from the server, on any stream. */
  onNotification(method: string): void;
  /** The standalone stream says the session is gone (404 or 400), or it could not be re-opened. */
  onStreamLost(why: string): void;
  onDebug(msg: string, fields: Record<string, unknown>): void;
}

/**
 * A minimal MCP client of the 2025 Streamable HTTP transport
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#streamable-http),
 * for exactly what the reconciler does: `initialize` and `notifications/initialized`, requests
 * carrying the session id and protocol version, answers as JSON or SSE, the standalone GET
 * stream (none on 405) on which the server's pings are answered and `list_changed` arrives,
 * resumed with `Last-Event-ID` after the server's `retry`, and DELETE at the end.
 *
 * Between events a held session is this object, its socket and a small SSE parser: no SDK
 * client, no schema objects, no web streams, no per-session timer (reconnects go through the
 * shared wheel).
 */
export class McpClient {
  sessionId?: string;
  protocolVersion?: string;
  private nextId = 1;
  private stream?: http.ClientRequest;
  private reconnect?: WheelTimer;
  private lastEventId?: string;
  private retryMs?: number;
  private attempts = 0;
  private closed = false;

  constructor(
    readonly url: URL,
    private readonly timeoutMs: number,
    private readonly timers: TimerWheel,
    private readonly events: McpClientEvents,
  ) {}

  /** `initialize`, then `notifications/initialized`; then the standalone stream, for a session. */
  async initialize(): Promise<void> {
    const { response, sessionId } = await this.post('initialize', {
      jsonrpc: '2.0',
      id: this.nextId++,
      method: 'initialize',
      params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO },
    });
    const result = this.result('initialize', response);
    const version = result.protocolVersion;
    if (typeof version !== 'string' || !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
      throw new McpRequestError(
        `initialize: the server answered protocol version ${(JSON.stringify(version) as string | undefined)?.slice(0, 40)}, which this client does not speak`,
        200,
      );
    }
    this.sessionId = sessionId;
    this.protocolVersion = version;
    await this.post('notifications/initialized', { jsonrpc: '2.0', method: 'notifications/initialized' });
    if (this.sessionId) this.openStream();
  }

  /** One request; resolves with its result. */
  async request(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { response } = await this.post(method, { jsonrpc: '2.0', id: this.nextId++, method, ...(params ? { params } : {}) });
    return this.result(method, response);
  }

  /** DELETE for a session (the server may refuse with 405), within `ms`; then `close()`. */
  async terminate(ms: number): Promise<void> {
    const sessionId = this.sessionId;
    this.close();
    if (!sessionId) return;
    await mcpHttp({ url: this.url, method: 'DELETE', headers: this.headers(sessionId), idleTimeoutMs: ms })
      .then((res) => res.resume())
      .catch(() => undefined);
  }

  /** Drops the stream and any pending reconnect; no request to the server. */
  close(): void {
    this.closed = true;
    this.reconnect?.cancel();
    this.reconnect = undefined;
    this.stream?.destroy();
    this.stream = undefined;
  }

  private headers(sessionId = this.sessionId): Record<string, string> {
    const h: Record<string, string> = {};
    if (sessionId) h['mcp-session-id'] = sessionId;
    if (this.protocolVersion) h['mcp-protocol-version'] = this.protocolVersion;
    return h;
  }

  private post(what: string, message: Record<string, unknown>) {
    return mcpPost({
      url: this.url,
      what,
      message,
      headers: this.headers(),
      timeoutMs: this.timeoutMs,
      onServerMessage: (m) => this.onServerMessage(m),
    });
  }

  private result(method: string, response: JsonRpcMessage | undefined): Record<string, unknown> {
    const error = response?.error;
    if (error)
      throw new McpRequestError(`${method}: JSON-RPC error ${error.code}`, 200, typeof error.code === 'number' ? error.code : undefined);
    const result = response?.result;
    if (typeof result !== 'object' || result === null) throw new McpRequestError(`${method}: the answer carries no result`, 200);
    return result as Record<string, unknown>;
  }

  /** A request from the server is answered (`ping` with an empty result, anything else "method not found"). */
  private onServerMessage(m: JsonRpcMessage): void {
    if (this.closed || m.method === undefined) return;
    if (m.id === undefined || m.id === null) {
      this.events.onNotification(m.method);
      return;
    }
    const answer =
      m.method === 'ping'
        ? { jsonrpc: '2.0', id: m.id, result: {} }
        : { jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'Method not found' } };
    void this.post('response', answer).catch((e: unknown) =>
      this.events.onDebug('could not answer a server request', { method: m.method, error: (e as Error).message }),
    );
  }

  private openStream(): void {
    if (this.closed || !this.sessionId) return;
    const headers: Record<string, string> = { ...this.headers(), accept: 'text/event-stream' };
    if (this.lastEventId !== undefined) headers['last-event-id'] = this.lastEventId;
    let done = false;
    let parser: SseParser | undefined;
    const ended = (why: string) => {
      if (done) return;
      done = true;
      if (parser?.lastEventId !== undefined) this.lastEventId = parser.lastEventId;
      this.stream = undefined;
      if (!this.closed) this.scheduleReconnect(why);
    };
    mcpHttp({ url: this.url, method: 'GET', headers }, (req) => (this.stream = req)).then(
      (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          done = true;
          this.stream = undefined;
          res.resume();
          if (this.closed) return;
          if (status === 405) this.events.onDebug('no standalone stream (405)', {});
          // 404 is the spec's answer for a session the server forgot; some servers answer 400.
          else if (status === 404 || status === 400) this.events.onStreamLost(`the server answered ${status} on the session stream`);
          else {
            done = false;
            ended(`HTTP ${status}`);
          }
          return;
        }
        this.attempts = 0;
        const p = new SseParser(
          (e) => this.onStreamEvent(e.data),
          (ms) => (this.retryMs = ms),
        );
        parser = p;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          try {
            p.feed(chunk);
          } catch (e) {
            res.destroy(e as Error);
          }
        });
        res.on('end', () => ended('the server ended the stream'));
        res.on('error', (e) => ended(e.message));
        res.on('close', () => ended('the stream closed'));
      },
      (e: unknown) => ended(e instanceof Error ? e.message : String(e)),
    );
  }

  private onStreamEvent(data: string): void {
    let m: unknown;
    try {
      m = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof m === 'object' && m !== null) this.onServerMessage(m);
  }

  private scheduleReconnect(why: string): void {
    if (this.attempts >= RECONNECT.maxAttempts) {
      this.events.onStreamLost('the session stream could not be re-opened');
      return;
    }
    const delay = this.retryMs ?? Math.min(RECONNECT.initialMs * RECONNECT.factor ** this.attempts, RECONNECT.maxMs);
    this.attempts++;
    this.events.onDebug('session stream ended, reconnecting', { why, delayMs: delay });
    this.reconnect = this.timers.after(delay, () => {
      this.reconnect = undefined;
      this.openStream();
    });
  }
}
