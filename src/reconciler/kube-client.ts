import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { errorMessage } from './logger.js';
import { RECONCILER_METRICS } from './metrics.js';

/** A Kubernetes object as the API server returns it. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

/** A watch event: ADDED, MODIFIED, DELETED, BOOKMARK (resourceVersion only) or ERROR (a Status). */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number; reason?: string; message?: string };
}

/**
 * An API request that failed: `status` is the HTTP status (0 for a network error), `retryAfterMs`
 * the server's Retry-After. A 410 Gone means the resourceVersion is too old: relist.
 */
export class KubeError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'KubeError';
  }

  get gone(): boolean {
    return this.status === 410;
  }
}

export interface KubeConnection {
  /** `https://host:port`, or `http://...` for a local test server. */
  readonly server: string;
  /** Bearer token, re-read on each request: projected tokens rotate. */
  readonly token?: () => string | undefined;
  readonly ca?: Buffer;
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The in-cluster connection: the API server's Service from the environment, the pod's token and CA. */
export function inClusterConnection(): KubeConnection {
  const host = process.env.KUBERNETES_SERVICE_HOST;
  const port = process.env.KUBERNETES_SERVICE_PORT ?? '443';
  if (!host) throw new Error('not running in a cluster (KUBERNETES_SERVICE_HOST is unset); pass --api-server');
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return { server: `https://${hostPart}:${port}`, token: cachedFile(`${SA_DIR}/token`), ca: readFileSync(`${SA_DIR}/ca.crt`) };
}

/** A file's trimmed content, re-read at most once a minute. */
export function cachedFile(path: string): () => string | undefined {
  let value: string | undefined;
  let readAt = 0;
  return () => {
    if (Date.now() - readAt > 60_000) {
      try {
        value = readFileSync(path, 'utf8').trim();
      } catch {
        value = undefined;
      }
      readAt = Date.now();
    }
    return value;
  };
}

/** Path of a namespaced collection: `/api/v1/namespaces/ns/configmaps`, `/apis/g/v/namespaces/ns/res`. */
export function collectionPath(apiVersion: string, namespace: string, resource: string): string {
  const root = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${root}/namespaces/${encodeURIComponent(namespace)}/${resource}`;
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * The few API calls the reconciler makes — list, watch, merge-patch of `/status`, and get, create
 * and replace of its own Leases — over node:http(s). Watches get their own connections; other requests share a small keep-alive pool.
 */
export class KubeClient {
  private readonly pool: http.Agent;
  private readonly streams: http.Agent;
  private readonly base: URL;

  constructor(private readonly conn: KubeConnection) {
    this.base = new URL(conn.server);
    const tls = this.base.protocol === 'https:';
    const Agent = tls ? https.Agent : http.Agent;
    const options = tls ? { ca: conn.ca } : {};
    this.pool = new Agent({ ...options, keepAlive: true, maxSockets: 16 });
    this.streams = new Agent({ ...options, keepAlive: false });
  }

  /** One page of a list; `continue` pages on. */
  async list(
    path: string,
    query: Record<string, string | undefined>,
    signal?: AbortSignal,
  ): Promise<{ items: KubeObject[]; resourceVersion: string; continue?: string }> {
    const res = await this.request('GET', path, query, undefined, signal, 60_000);
    const body = JSON.parse(res.body) as { items?: KubeObject[]; metadata?: { resourceVersion?: string; continue?: string } };
    return {
      items: body.items ?? [],
      resourceVersion: body.metadata?.resourceVersion ?? '',
      continue: body.metadata?.continue || undefined,
    };
  }

  /** Merge-patches the status subresource of one object; returns the object as stored. */
  async patchStatus(path: string, status: Record<string, unknown>, signal?: AbortSignal): Promise<KubeObject> {
    const res = await this.request('PATCH', `${path}/status`, {}, JSON.stringify({ status }), signal, 30_000);
    return JSON.parse(res.body) as KubeObject;
  }

  /** One object. */
  async get(path: string, timeoutMs = 30_000): Promise<KubeObject> {
    const res = await this.request('GET', path, {}, undefined, undefined, timeoutMs);
    return JSON.parse(res.body) as KubeObject;
  }

  /** Creates an object (POST to its collection); a 409 means it exists already. */
  async create(collection: string, object: KubeObject, timeoutMs = 30_000): Promise<KubeObject> {
    const res = await this.request('POST', collection, {}, JSON.stringify(object), undefined, timeoutMs, 'application/json');
    return JSON.parse(res.body) as KubeObject;
  }

  /**
   * Replaces an object (PUT). With `metadata.resourceVersion` set this is a compare-and-swap: a
   * 409 means someone else changed it since that version.
   */
  async replace(path: string, object: KubeObject, timeoutMs = 30_000): Promise<KubeObject> {
    const res = await this.request('PUT', path, {}, JSON.stringify(object), undefined, timeoutMs, 'application/json');
    return JSON.parse(res.body) as KubeObject;
  }

  /**
   * Streams a watch until the server ends it (resolves) or it fails (rejects with a KubeError;
   * status 0 for a dropped connection). `onEvent` runs for every event, in order.
   */
  watch(path: string, query: Record<string, string | undefined>, onEvent: (e: WatchEvent) => void, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = this.send('GET', path, { ...query, watch: 'true' }, undefined, this.streams, signal);
      let settled = false;
      const fail = (e: KubeError) => {
        if (settled) return;
        settled = true;
        req.destroy();
        reject(e);
      };
      req.on('error', (e) => {
        if (!signal?.aborted) RECONCILER_METRICS.apiErrors.inc({ code: '0' });
        fail(new KubeError(`watch ${path}: ${e.message}`, 0));
      });
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          readBody(res).then(
            (body) => fail(httpError('watch', path, res.statusCode ?? 0, res.headers, body)),
            (e: unknown) => fail(new KubeError(`watch ${path}: ${errorMessage(e)}`, 0)),
          );
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (!line || settled) continue;
            let event: WatchEvent;
            try {
              event = JSON.parse(line) as WatchEvent;
            } catch {
              fail(new KubeError(`watch ${path}: unreadable event`, 0));
              return;
            }
            try {
              onEvent(event);
            } catch (e) {
              fail(e instanceof KubeError ? e : new KubeError(`watch ${path}: ${(e as Error).message}`, 0));
              return;
            }
          }
        });
        res.on('aborted', () => fail(new KubeError(`watch ${path}: connection dropped`, 0)));
        res.on('error', (e) => fail(new KubeError(`watch ${path}: ${e.message}`, 0)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          resolve();
        });
      });
      req.end();
    });
  }

  /** Closes pooled connections (at shutdown). */
  close(): void {
    this.pool.destroy();
    this.streams.destroy();
  }

  private async request(
    method: string,
    path: string,
    query: Record<string, string | undefined>,
    body: string | undefined,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    contentType = 'application/merge-patch+json',
  ): Promise<Response> {
    return new Promise((resolve, reject) => {
      const req = this.send(method, path, query, body, this.pool, signal, contentType);
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
      req.on('error', (e) => {
        if (!signal?.aborted) RECONCILER_METRICS.apiErrors.inc({ code: '0' });
        reject(new KubeError(`${method} ${path}: ${e.message}`, 0));
      });
      req.on('response', (res) => {
        readBody(res).then(
          (text) => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve({ status, headers: res.headers, body: text });
            else reject(httpError(method, path, status, res.headers, text));
          },
          (e: unknown) => reject(new KubeError(`${method} ${path}: ${errorMessage(e)}`, 0)),
        );
      });
      req.end(body);
    });
  }

  private send(
    method: string,
    path: string,
    query: Record<string, string | undefined>,
    body: string | undefined,
    agent: http.Agent,
    signal?: AbortSignal,
    contentType = 'application/merge-patch+json',
  ): http.ClientRequest {
    const url = new URL(path, this.base);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
    const token = this.conn.token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) {
      headers['content-type'] = contentType;
      headers['content-length'] = Buffer.byteLength(body);
    }
    const lib = url.protocol === 'https:' ? https : http;
    return lib.request(url, { method, headers, agent, signal });
  }
}

function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('connection dropped')));
  });
}

function httpError(method: string, path: string, status: number, headers: http.IncomingHttpHeaders, body: string): KubeError {
  RECONCILER_METRICS.apiErrors.inc({ code: String(status) });
  let message = body.slice(0, 300);
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? message;
  } catch {
    // not a Status object
  }
  return new KubeError(`${method} ${path}: ${status}${message ? ` ${message}` : ''}`, status, parseRetryAfter(headers['retry-after']));
}

/** Retry-After in seconds or as an HTTP date, in milliseconds. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
