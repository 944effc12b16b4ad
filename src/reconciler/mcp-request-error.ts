/**
 * An HTTP-level failure (`status`) or a JSON-RPC error (`rpcCode`) from an MCP server.
 * `sessionId` is the session id the request carried, if any: a 404 or 400 for a request that
 * carried one means the server no longer knows the session; without one it means something else.
 * The message never holds the response body: a gateway's error page is not a status message.
 */
export class McpRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly rpcCode?: number,
    readonly sessionId?: string,
  ) {
    super(message);
    this.name = 'McpRequestError';
  }
}
