import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureReason } from '../../src/reconciler/failure-reason.js';
import { mcpPost } from '../../src/reconciler/mcp-post.js';
import { McpRequestError } from '../../src/reconciler/mcp-request-error.js';

/** Paths with answers an MCP client must survive. */
const server = http.createServer((req, res) => {
  req.resume();
  if (req.url === '/html-404') {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end(`<html><body><h1>Not Found</h1>${'<p>SECRET-PAGE</p>'.repeat(100)}</body></html>`);
  } else if (req.url === '/chatty') {
    // An SSE answer that keeps the connection busy with comments and never answers.
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const t = setInterval(() => res.write(': keep-alive\n\n'), 20);
    res.on('close', () => clearInterval(t));
  } else {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(
      'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{}}\n\ndata: {"jsonrpc":"2.0","id":7,"result":{"ok":true}}\n\n',
    );
  }
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const post = (path: string, headers: Record<string, string> = {}, timeoutMs = 2000, onServerMessage?: (m: unknown) => void) =>
  mcpPost({
    url: new URL(path, base),
    what: 'tools/list',
    message: { jsonrpc: '2.0', id: 7, method: 'tools/list' },
    headers,
    timeoutMs,
    onServerMessage,
  });

describe('mcpPost |', () => {
  it('a 404 page is an McpRequestError naming the status, never the page; the session id it carried is kept', async () => {
    const e = (await post('/html-404', { 'mcp-session-id': 's-1' }).catch((x: unknown) => x)) as McpRequestError;
    expect(e).toBeInstanceOf(McpRequestError);
    expect(e.message).toBe('tools/list: HTTP 404');
    expect(e).toMatchObject({ status: 404, sessionId: 's-1', rpcCode: undefined });
    expect(failureReason(e)).toBe('SessionLost');
    const fresh = (await post('/html-404').catch((x: unknown) => x)) as McpRequestError;
    expect(failureReason(fresh)).toBe('McpEndpointNotFound');
  });

  it('an SSE answer that never comes fails within the request timeout, though bytes keep arriving', async () => {
    const e = (await post('/chatty', {}, 300).catch((x: unknown) => x)) as Error;
    expect(e.message).toMatch(/timed out/);
    expect(failureReason(e)).toBe('Unreachable');
  });

  it('an SSE answer: the server message before it is passed on, the response is matched by id', async () => {
    const seen: unknown[] = [];
    const { response } = await post('/sse', {}, 2000, (m) => seen.push(m));
    expect(response).toStrictEqual({ jsonrpc: '2.0', id: 7, result: { ok: true } });
    expect(seen).toStrictEqual([{ jsonrpc: '2.0', method: 'notifications/message', params: {} }]);
  });
});
