/**
 * The 2026-07-28 revision of MCP over HTTP, which @modelcontextprotocol/sdk 1.x does not speak:
 * no sessions, no `initialize`, no GET stream, no ping. Every request is a self-contained POST
 * carrying `MCP-Protocol-Version` (equal to the `_meta` protocol version), `Mcp-Method` and, for
 * calls on a named item, `Mcp-Name`. A client finds out which era a server speaks by sending a
 * modern request first (`server/discover`) and falling back to `initialize` when the answer is
 * not a modern one.
 */

export const MODERN_PROTOCOL_VERSION = '2026-07-28';

/** Methods whose requests also carry `Mcp-Name` (the tool, resource or prompt they act on). */
const NAMED_METHODS: Record<string, string> = { 'tools/call': 'name', 'resources/read': 'uri', 'prompts/get': 'name' };

/** An HTTP-level failure (status) or a JSON-RPC error (`rpcCode`) from an MCP server. */
export class McpRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly rpcCode?: number,
  ) {
    super(message);
    this.name = 'McpRequestError';
  }
}

let nextId = 1;

/** One modern request; resolves with the JSON-RPC result. */
export async function modernRequest(
  url: string,
  method: string,
  params: Record<string, unknown>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const id = nextId++;
  const body = {
    jsonrpc: '2.0',
    id,
    method,
    params: {
      ...params,
      _meta: { ...(params._meta as object | undefined), 'io.modelcontextprotocol/protocolVersion': MODERN_PROTOCOL_VERSION },
    },
  };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MODERN_PROTOCOL_VERSION,
    'mcp-method': method,
  };
  const nameField = NAMED_METHODS[method];
  if (nameField && typeof params[nameField] === 'string') headers['mcp-name'] = params[nameField];
  const timeout = AbortSignal.timeout(timeoutMs);
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  const text = await res.text();
  const message = (res.headers.get('content-type') ?? '').includes('text/event-stream') ? fromEventStream(text, id) : parseJson(text);
  const error = (message as { error?: { code?: number; message?: string } } | undefined)?.error;
  if (!res.ok || error) {
    throw new McpRequestError(`${method}: HTTP ${res.status}${error ? `, ${error.code}: ${error.message}` : ''}`, res.status, error?.code);
  }
  const result = (message as { result?: unknown } | undefined)?.result;
  if (typeof result !== 'object' || result === null) throw new McpRequestError(`${method}: the answer carries no result`, res.status);
  return result as Record<string, unknown>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The JSON-RPC message answering `id` in an SSE body. */
function fromEventStream(text: string, id: number): unknown {
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trimStart())
      .join('\n');
    const msg = parseJson(data) as { id?: unknown } | undefined;
    if (msg && msg.id === id) return msg;
  }
  return undefined;
}

/**
 * True when the server speaks 2026-07-28: it answers `server/discover` with a result (and, if
 * it lists versions, lists this one). Any other answer — 400 for an unknown protocol version,
 * a missing session, a JSON-RPC error — means an earlier revision: use `initialize`.
 */
export async function speaksModern(url: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  try {
    const result = await modernRequest(url, 'server/discover', {}, timeoutMs, signal);
    const versions = result.supportedVersions ?? result.protocolVersions ?? result.versions;
    return !Array.isArray(versions) || versions.includes(MODERN_PROTOCOL_VERSION);
  } catch (e) {
    if (e instanceof McpRequestError) return false;
    throw e;
  }
}
