import http from 'node:http';
import https from 'node:https';
import { McpRequestError } from './mcp-request-error.js';
import { SseParser } from './sse-parser.js';

/** A JSON-RPC 2.0 message as received: a request, a notification or a response. */
export interface JsonRpcMessage {
  readonly jsonrpc?: string;
  readonly id?: string | number | null;
  readonly method?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: unknown;
  readonly error?: { readonly code?: number; readonly message?: string };
}

/**
 * Keep-alive agents for every MCP request and stream. node:http rather than global fetch: fetch
 * loads undici, which costs tens of MiB of RSS on its first use and tens of KiB per open stream,
 * while node's own client is loaded anyway (the API server and the health server use it). No
 * socket cap: each stateful session holds its standalone stream on a socket of its own.
 */
export const MCP_AGENTS = {
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true }),
};

/** The largest JSON answer read (tools/list of a big server fits many times over). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** Of an error answer only its JSON-RPC error code is read, from at most this much. */
const MAX_ERROR_BYTES = 4096;

export interface McpHttpRequest {
  readonly url: URL;
  readonly method: 'POST' | 'GET' | 'DELETE';
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** The request gives up after this long without a byte from the server; none for a standing stream. */
  readonly idleTimeoutMs?: number;
}

/** One HTTP request to an MCP server over the shared agents; resolves with the response head. */
export function mcpHttp(r: McpHttpRequest, onRequest?: (req: http.ClientRequest) => void): Promise<http.IncomingMessage> {
  const tls = r.url.protocol === 'https:';
  const headers = { ...r.headers };
  if (r.body !== undefined) headers['content-length'] = String(Buffer.byteLength(r.body));
  return new Promise((resolve, reject) => {
    const req = (tls ? https : http).request(
      r.url,
      {
        method: r.method,
        headers,
        agent: tls ? MCP_AGENTS.https : MCP_AGENTS.http,
        ...(r.idleTimeoutMs ? { timeout: r.idleTimeoutMs } : {}),
      },
      resolve,
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error(`no answer within ${r.idleTimeoutMs} ms (timed out)`), { code: 'ETIMEDOUT' })),
    );
    req.on('error', reject);
    onRequest?.(req);
    req.end(r.body);
  });
}

/** Reads at most `max` bytes of a response as text; more is an error (and the response is dropped). */
function readText(res: http.IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        res.destroy(new Error(`the answer exceeds ${max} bytes`));
        return;
      }
      chunks.push(c);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(new Error('the connection closed before the answer was complete'));
    });
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The JSON-RPC error code of an error answer, if it is JSON and has one. */
async function errorCode(res: http.IncomingMessage): Promise<number | undefined> {
  if (!(res.headers['content-type'] ?? '').includes('json')) {
    res.resume();
    return undefined;
  }
  const text = await readText(res, MAX_ERROR_BYTES).catch(() => '');
  const code = (parseJson(text) as JsonRpcMessage | undefined)?.error?.code;
  return typeof code === 'number' ? code : undefined;
}

export interface PostOptions {
  readonly url: URL;
  /** For messages: the JSON-RPC method, or `response`. */
  readonly what: string;
  readonly message: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly timeoutMs: number;
  /** Requests and notifications the server sends on an SSE answer before (or after) ours. */
  readonly onServerMessage?: (m: JsonRpcMessage) => void;
}

export interface PostAnswer {
  /** The response to the message's id; undefined for a notification or response (202). */
  readonly response?: JsonRpcMessage;
  readonly sessionId?: string;
}

/**
 * POSTs one JSON-RPC message the Streamable HTTP way: the answer is a JSON body, or an SSE
 * stream that may carry the server's own requests (answered through `onServerMessage`) before
 * the response with our id. A non-2xx status is an `McpRequestError`.
 */
export async function mcpPost(o: PostOptions): Promise<PostAnswer> {
  const res = await mcpHttp({
    url: o.url,
    method: 'POST',
    headers: { ...o.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify(o.message),
    idleTimeoutMs: o.timeoutMs,
  });
  const status = res.statusCode ?? 0;
  const carried = o.headers['mcp-session-id'];
  if (status < 200 || status >= 300) {
    const code = await errorCode(res);
    throw new McpRequestError(`${o.what}: HTTP ${status}${code !== undefined ? ` (JSON-RPC error ${code})` : ''}`, status, code, carried);
  }
  const sessionHeader = res.headers['mcp-session-id'];
  const sessionId = typeof sessionHeader === 'string' && sessionHeader !== '' ? sessionHeader : undefined;
  const id = o.message.id;
  if (id === undefined || status === 202) {
    res.resume();
    return { sessionId };
  }
  if ((res.headers['content-type'] ?? '').includes('text/event-stream')) {
    return { response: await fromEventStream(res, id, o), sessionId };
  }
  const body = parseJson(await readText(res, MAX_ANSWER_BYTES)) as JsonRpcMessage | (JsonRpcMessage | null)[] | null | undefined;
  const response = Array.isArray(body) ? body.find((m) => m?.id === id) : body;
  if (!response || response.id !== id) throw new McpRequestError(`${o.what}: the answer is not a JSON-RPC response to the request`, status);
  return { response, sessionId };
}

/**
 * Reads an SSE answer until the response to `id`; the rest of the stream is read and dropped.
 * The idle timeout does not bound a stream that keeps sending other events (keep-alive comments,
 * the server's own requests), so the answer must also come within `timeoutMs` in all.
 */
function fromEventStream(res: http.IncomingMessage, id: unknown, o: PostOptions): Promise<JsonRpcMessage> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const deadline = setTimeout(
      () => res.destroy(Object.assign(new Error(`${o.what}: no answer within ${o.timeoutMs} ms (timed out)`), { code: 'ETIMEDOUT' })),
      o.timeoutMs,
    );
    deadline.unref();
    const parser = new SseParser((e) => {
      const msg = parseJson(e.data) as JsonRpcMessage | undefined;
      if (!msg || typeof msg !== 'object') return;
      if (msg.method === undefined && msg.id === id) {
        answered = true;
        clearTimeout(deadline);
        resolve(msg);
      } else if (msg.method !== undefined) {
        o.onServerMessage?.(msg);
      }
    });
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      try {
        parser.feed(chunk);
      } catch (e) {
        res.destroy(e as Error);
      }
    });
    const ended = (e?: Error) => {
      clearTimeout(deadline);
      if (!answered) reject(e ?? new McpRequestError(`${o.what}: the event stream ended without an answer`, res.statusCode ?? 0));
    };
    res.on('end', () => ended());
    res.on('error', ended);
    res.on('close', () => ended(new Error(`${o.what}: the connection closed before the answer`)));
  });
}
