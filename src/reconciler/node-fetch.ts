import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

const agents = {
  // No cap: each stateful session holds its standalone stream open on a socket of its own.
  http: new http.Agent({ keepAlive: true }),
  https: new https.Agent({ keepAlive: true }),
};

/**
 * A `fetch` for the MCP SDK over node:http(s) with keep-alive agents. Global fetch (undici)
 * costs tens of kilobytes per open connection, and the reconciler holds one standalone stream per
 * stateful session — a thousand of them; node's own HTTP client holds the same streams for a
 * fraction. Supports what the SDK uses: method, headers, a string body, abort; the response is
 * a standard `Response` whose body streams. Redirects are returned, not followed.
 */
export function nodeFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  const url = new URL(input);
  const headers = Object.fromEntries(new Headers(init.headers ?? {}).entries());
  if (init.body != null && typeof init.body !== 'string') return Promise.reject(new TypeError('nodeFetch sends string bodies only'));
  const body = init.body ?? undefined;
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  const lib = url.protocol === 'https:' ? https : http;
  const agent = url.protocol === 'https:' ? agents.https : agents.http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method: init.method ?? 'GET', headers, agent, signal: init.signal ?? undefined }, (res) => {
      const out = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        if (Array.isArray(v)) for (const x of v) out.append(k, x);
        else if (v !== undefined) out.set(k, v);
      }
      const status = res.statusCode ?? 0;
      const empty = status === 204 || status === 304 || init.method === 'HEAD';
      if (empty) res.resume();
      resolve(
        new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
          status,
          statusText: res.statusMessage,
          headers: out,
        }),
      );
    });
    req.on('error', (e) => reject(new TypeError('fetch failed', { cause: e })));
    req.end(body);
  });
}
