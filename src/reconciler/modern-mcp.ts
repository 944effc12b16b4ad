/**
 * The 2026-07-28 revision of MCP over HTTP, which @modelcontextprotocol/sdk 1.x does not speak:
 * no sessions, no `initialize`, no GET stream, no ping. Every request is a self-contained POST
 * carrying `MCP-Protocol-Version` (equal to the `_meta` protocol version), `Mcp-Method` and, for
 * calls on a named item, `Mcp-Name`. A client finds out which era a server speaks by sending a
 * modern request first (`server/discover`) and falling back to `initialize` when the answer is
 * not a modern one.
 */

import { McpRequestError } from './mcp-request-error.js';
import { mcpPost } from './mcp-post.js';

export const MODERN_PROTOCOL_VERSION = '2026-07-28';

/** Methods whose requests also carry `Mcp-Name` (the tool, resource or prompt they act on). */
const NAMED_METHODS: Record<string, string> = { 'tools/call': 'name', 'resources/read': 'uri', 'prompts/get': 'name' };

export { McpRequestError };

let nextId = 1;

/** One modern request; resolves with the JSON-RPC result. */
export async function modernRequest(
  url: string,
  method: string,
  params: Record<string, unknown>,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const id = nextId++;
  const message = {
    jsonrpc: '2.0',
    id,
    method,
    params: {
      ...params,
      _meta: { ...(params._meta as object | undefined), 'io.modelcontextprotocol/protocolVersion': MODERN_PROTOCOL_VERSION },
    },
  };
  const headers: Record<string, string> = { 'mcp-protocol-version': MODERN_PROTOCOL_VERSION, 'mcp-method': method };
  const nameField = NAMED_METHODS[method];
  if (nameField && typeof params[nameField] === 'string') headers['mcp-name'] = params[nameField];
  const { response } = await mcpPost({ url: new URL(url), what: method, message, headers, timeoutMs });
  const error = response?.error;
  if (error) {
    throw new McpRequestError(`${method}: JSON-RPC error ${error.code}`, 200, typeof error.code === 'number' ? error.code : undefined);
  }
  const result = response?.result;
  if (typeof result !== 'object' || result === null) throw new McpRequestError(`${method}: the answer carries no result`, 200);
  return result as Record<string, unknown>;
}

/**
 * True when the server speaks 2026-07-28: it answers `server/discover` with a result (and, if
 * it lists versions, lists this one). Any other answer — 400 for an unknown protocol version,
 * a missing session, a JSON-RPC error — means an earlier revision: use `initialize`.
 */
export async function speaksModern(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const result = await modernRequest(url, 'server/discover', {}, timeoutMs);
    const versions = result.supportedVersions ?? result.protocolVersions ?? result.versions;
    return !Array.isArray(versions) || versions.includes(MODERN_PROTOCOL_VERSION);
  } catch (e) {
    if (e instanceof McpRequestError) return false;
    throw e;
  }
}
