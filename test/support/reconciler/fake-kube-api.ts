import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An in-process fake of the Kubernetes API server, enough for the reconciler: namespaced list
 * (label selectors, limit/continue), watch (from a resourceVersion, bookmarks, server timeout),
 * get, and merge-patch of `/status`. Every request is recorded. Faults can be injected: dropped
 * watches, `410 Gone`, `500`, `429` with Retry-After, and slow responses. Status fields can be
 * pruned per kind, as an installed CRD without them would.
 *
 * Leases (`coordination.k8s.io/v1`) have the API server's semantics: create (409 AlreadyExists),
 * get (404), replace with resourceVersion (409 Conflict when it is not the current one), list and
 * watch. Each client is told apart by its bearer token, which the fake takes as its identity;
 * every request records it, and one identity can be partitioned from the server.
 */

export interface FakeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    resourceVersion?: string;
    generation?: number;
    uid?: string;
    [k: string]: unknown;
  };
  spec?: unknown;
  status?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body?: string;
  readonly contentType?: string;
  status?: number;
  readonly at: number;
  /** Position in `requests`: the order in which the fake applied what it applied. */
  readonly seq: number;
  /** The client's bearer token: each reconciler replica in a test gets its own. */
  readonly identity?: string;
  /** The client was partitioned: the request reached us but was neither answered nor applied. */
  dropped?: boolean;
}

/** A create or replace of a Lease that the fake applied, in order. */
export interface LeaseWrite {
  readonly seq: number;
  readonly at: number;
  readonly identity?: string;
  readonly name: string;
  /** holderIdentity after the write; '' when released. */
  readonly holder: string;
  readonly resourceVersion: string;
}

/** Kind → resource (plural), for the kinds the reconciler touches. */
export const RESOURCE_OF: Record<string, string> = {
  ToolGateway: 'toolgateways',
  ToolRoute: 'toolroutes',
  ToolSet: 'toolsets',
  Guard: 'guards',
  GuardrailProvider: 'guardrailproviders',
  Gateway: 'gateways',
  HTTPRoute: 'httproutes',
  AgentgatewayBackend: 'agentgatewaybackends',
  AgentgatewayPolicy: 'agentgatewaypolicies',
  Deployment: 'deployments',
  Lease: 'leases',
};

export const LEASE_API = 'coordination.k8s.io/v1';

interface Collection {
  readonly apiVersion: string;
  readonly kind: string;
  readonly objects: Map<string, FakeObject>;
  /** Events for watches, with the resourceVersion each produced. */
  readonly events: { rv: number; type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: FakeObject }[];
  /** Watches from before this resourceVersion get 410 Gone (the event history was compacted). */
  oldestRv: number;
}

interface Watcher {
  readonly collection: string;
  readonly selector: Record<string, string>;
  readonly res: http.ServerResponse;
  readonly bookmarks: boolean;
  sentRv: number;
}

type Fault =
  | { type: 'status'; code: number; retryAfterSeconds?: number; remaining: number; match: RequestMatch }
  | { type: 'slow'; delayMs: number; remaining: number; match: RequestMatch };

/** Which requests a fault applies to. */
export interface RequestMatch {
  readonly method?: string;
  /** Substring of the path. */
  readonly path?: string;
  readonly watch?: boolean;
}

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

function parseSelector(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (s ?? '').split(',').filter(Boolean)) {
    const [k = '', v = ''] = part.split('=');
    out[k] = v;
  }
  return out;
}

function matchesSelector(o: FakeObject, sel: Record<string, string>): boolean {
  return Object.entries(sel).every(([k, v]) => o.metadata.labels?.[k] === v);
}

/** RFC 7386 merge patch. */
function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  const removed = new Set<string>();
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) removed.add(k);
    else out[k] = applyMergePatch(out[k], v);
  }
  return Object.fromEntries(Object.entries(out).filter(([k]) => !removed.has(k)));
}

export class FakeKubeApi {
  readonly requests: RecordedRequest[] = [];
  private readonly collections = new Map<string, Collection>();
  private readonly watchers = new Set<Watcher>();
  private readonly faults: Fault[] = [];
  private rv = 100;
  private server?: http.Server;
  private bookmarkTimer?: NodeJS.Timeout;
  /** Status fields dropped on write, per kind (an installed CRD that lacks them). */
  prunedStatusFields: Record<string, readonly string[]> = {};
  /** Pending watch 410s per collection path. */
  private readonly goneNext = new Set<string>();
  /** Every Lease create and replace that was applied. */
  readonly leaseWrites: LeaseWrite[] = [];
  private readonly partitioned = new Set<string>();

  constructor(private readonly options: { bookmarkIntervalMs?: number; pageSize?: number } = {}) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.bookmarkTimer = setInterval(() => this.sendBookmarks(), this.options.bookmarkIntervalMs ?? 1000);
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    clearInterval(this.bookmarkTimer);
    for (const w of this.watchers) w.res.destroy();
    this.watchers.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  // ---- state, as a test sets it up --------------------------------------------------------

  private collectionPath(apiVersion: string, namespace: string, resource: string): string {
    const root = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    return `${root}/namespaces/${namespace}/${resource}`;
  }

  private collectionFor(o: { apiVersion: string; kind: string; metadata: { namespace: string } }): [string, Collection] {
    const resource = RESOURCE_OF[o.kind];
    if (!resource) throw new Error(`fake api: unknown kind ${o.kind}`);
    const path = this.collectionPath(o.apiVersion, o.metadata.namespace, resource);
    let c = this.collections.get(path);
    if (!c) {
      c = { apiVersion: o.apiVersion, kind: o.kind, objects: new Map(), events: [], oldestRv: 0 };
      this.collections.set(path, c);
    }
    return [path, c];
  }

  /** Creates or replaces an object (as `kubectl apply` would); a spec change bumps the generation. */
  apply(obj: FakeObject): FakeObject {
    const [path, c] = this.collectionFor(obj);
    const old = c.objects.get(obj.metadata.name);
    const next = clone(obj);
    next.metadata.resourceVersion = String(++this.rv);
    next.metadata.uid = old?.metadata.uid ?? `uid-${this.rv}`;
    const specChanged = !old || JSON.stringify(old.spec) !== JSON.stringify(next.spec);
    next.metadata.generation = (old?.metadata.generation ?? 0) + (specChanged ? 1 : 0);
    if (next.status === undefined && old?.status !== undefined) next.status = old.status;
    c.objects.set(next.metadata.name, next);
    this.emit(path, c, old ? 'MODIFIED' : 'ADDED', next);
    return clone(next);
  }

  /** Applies many objects at once (one event each). */
  applyAll(objects: readonly FakeObject[]): void {
    for (const o of objects) this.apply(o);
  }

  /** Sets an object's status as its controller would (no generation bump). */
  setStatus(kind: string, apiVersion: string, namespace: string, name: string, status: Record<string, unknown>): void {
    const [path, c] = this.collectionFor({ apiVersion, kind, metadata: { namespace } });
    const old = c.objects.get(name);
    if (!old) throw new Error(`fake api: no ${kind} ${namespace}/${name}`);
    const next = { ...clone(old), status: clone(status) };
    next.metadata.resourceVersion = String(++this.rv);
    c.objects.set(name, next);
    this.emit(path, c, 'MODIFIED', next);
  }

  delete(kind: string, apiVersion: string, namespace: string, name: string): void {
    const [path, c] = this.collectionFor({ apiVersion, kind, metadata: { namespace } });
    const old = c.objects.get(name);
    if (!old) return;
    c.objects.delete(name);
    const gone = clone(old);
    gone.metadata.resourceVersion = String(++this.rv);
    this.emit(path, c, 'DELETED', gone);
  }

  get(kind: string, apiVersion: string, namespace: string, name: string): FakeObject | undefined {
    const [, c] = this.collectionFor({ apiVersion, kind, metadata: { namespace } });
    const o = c.objects.get(name);
    return o ? clone(o) : undefined;
  }

  // ---- faults --------------------------------------------------------------------------

  /** Cuts every open watch connection (no clean end): the client must resume. */
  dropWatches(): number {
    const n = this.watchers.size;
    for (const w of this.watchers) w.res.destroy();
    this.watchers.clear();
    return n;
  }

  /** Forgets the event history: every later watch from an older resourceVersion gets 410 Gone. Open watches end. */
  compact(): void {
    for (const c of this.collections.values()) {
      c.oldestRv = this.rv;
      c.events.length = 0;
    }
    for (const w of this.watchers) {
      this.goneNext.add(w.collection);
      w.res.end();
    }
    this.watchers.clear();
  }

  /** The next `times` requests matching `match` get HTTP `code` (with Retry-After for 429). */
  failNext(match: RequestMatch, code: number, times = 1, retryAfterSeconds?: number): void {
    this.faults.push({ type: 'status', code, retryAfterSeconds, remaining: times, match });
  }

  /** The next `times` requests matching `match` are answered after `delayMs`. */
  slowNext(match: RequestMatch, delayMs: number, times = 1): void {
    this.faults.push({ type: 'slow', delayMs, remaining: times, match });
  }

  /**
   * Drops every later request from `identity` (recorded, never answered nor applied), as a
   * network partition between that client and the server would. Watches it already holds stay
   * open, so it keeps seeing changes: whatever it does not write is its own restraint.
   */
  partition(identity: string): void {
    this.partitioned.add(identity);
  }

  heal(identity: string): void {
    this.partitioned.delete(identity);
  }

  /** Requests that would change anything but a `/status` subresource or the reconciler's own Leases. */
  nonStatusWrites(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && !/\/status$/.test(r.path) && !r.path.includes(`/apis/${LEASE_API}/`));
  }

  statusPatches(pathPart?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'PATCH' && /\/status$/.test(r.path) && (!pathPart || r.path.includes(pathPart)));
  }

  // ---- HTTP ------------------------------------------------------------------------------

  private takeFault(req: RecordedRequest, isWatch: boolean): Fault | undefined {
    for (const f of this.faults) {
      if (f.remaining <= 0) continue;
      const m = f.match;
      if (m.method && m.method !== req.method) continue;
      if (m.path && !req.path.includes(m.path)) continue;
      if (m.watch !== undefined && m.watch !== isWatch) continue;
      f.remaining--;
      return f;
    }
    return undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: body || undefined,
      contentType: req.headers['content-type'],
      at: Date.now(),
      seq: this.requests.length,
      identity: /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1],
    };
    this.requests.push(record);
    if (record.identity !== undefined && this.partitioned.has(record.identity)) {
      record.dropped = true;
      res.destroy();
      return;
    }
    const isWatch = url.searchParams.get('watch') === 'true';
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    const status = (code: number, reason: string, message: string, headers: Record<string, string> = {}) =>
      reply(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message }, headers);

    let fault = this.takeFault(record, isWatch);
    while (fault?.type === 'slow') {
      await new Promise((r) => setTimeout(r, fault!.type === 'slow' ? fault!.delayMs : 0));
      fault = this.takeFault(record, isWatch);
    }
    if (fault?.type === 'status') {
      const headers: Record<string, string> =
        fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      status(fault.code, fault.code === 429 ? 'TooManyRequests' : 'InternalError', `injected ${fault.code}`, headers);
      return;
    }

    const m = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?(?:\/(status))?$/.exec(url.pathname);
    if (!m) {
      status(404, 'NotFound', `no route ${url.pathname}`);
      return;
    }
    const [, core, group, , , name, sub] = m;
    const apiVersion = core ?? group;
    const path = url.pathname.replace(/\/[^/]+(\/status)?$/, '');
    const collectionPath = name ? path : url.pathname;
    const c = this.collections.get(collectionPath);

    if (req.method === 'GET' && !name) {
      if (isWatch) {
        this.watch(collectionPath, c, url, res, record);
        return;
      }
      const sel = parseSelector(url.searchParams.get('labelSelector') ?? undefined);
      const items = [...(c?.objects.values() ?? [])]
        .filter((o) => matchesSelector(o, sel))
        .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
      // A server may return fewer items than asked for (and must, past its own page size).
      const asked = Number(url.searchParams.get('limit') ?? 0);
      const cap = this.options.pageSize ?? 0;
      const limit = asked > 0 && cap > 0 ? Math.min(asked, cap) : asked || cap;
      const start = Number(url.searchParams.get('continue') ?? 0);
      const page = limit > 0 ? items.slice(start, start + limit) : items.slice(start);
      const more = limit > 0 && start + limit < items.length;
      reply(200, {
        apiVersion,
        kind: `${c?.kind ?? 'Unknown'}List`,
        metadata: { resourceVersion: String(this.rv), ...(more ? { continue: String(start + limit) } : {}) },
        items: page.map(clone),
      });
      return;
    }
    if (req.method === 'GET' && name && !sub) {
      const o = c?.objects.get(name);
      if (o) reply(200, o);
      else status(404, 'NotFound', `${name} not found`);
      return;
    }
    if (req.method === 'PATCH' && name && sub === 'status') {
      if (record.contentType !== 'application/merge-patch+json') {
        status(415, 'UnsupportedMediaType', `content type ${record.contentType}`);
        return;
      }
      const o = c?.objects.get(name);
      if (!o) {
        status(404, 'NotFound', `${name} not found`);
        return;
      }
      let patch: { status?: unknown };
      try {
        patch = JSON.parse(body) as { status?: unknown };
      } catch {
        status(400, 'BadRequest', 'not JSON');
        return;
      }
      // The status subresource ignores everything but status.
      const next = clone(o);
      next.status = applyMergePatch(o.status ?? {}, patch.status ?? {}) as Record<string, unknown>;
      const pruned = this.prunedStatusFields[o.kind] ?? [];
      next.status = Object.fromEntries(Object.entries(next.status).filter(([f]) => !pruned.includes(f)));
      if (JSON.stringify(next.status) !== JSON.stringify(o.status ?? {})) {
        next.metadata.resourceVersion = String(++this.rv);
        c!.objects.set(name, next);
        this.emit(collectionPath, c!, 'MODIFIED', next);
      }
      reply(200, next);
      return;
    }
    if (apiVersion === LEASE_API && collectionPath.endsWith('/leases') && (req.method === 'POST' || req.method === 'PUT')) {
      this.writeLease(req.method, collectionPath, name, body, record, reply, status);
      return;
    }
    // Anything else would be a write the reconciler must never send: RBAC forbids it.
    status(403, 'Forbidden', `${req.method} ${url.pathname} is not allowed`);
  }

  private writeLease(
    method: string,
    collectionPath: string,
    name: string | undefined,
    body: string,
    record: RecordedRequest,
    reply: (code: number, payload: unknown) => void,
    status: (code: number, reason: string, message: string) => void,
  ): void {
    let lease: FakeObject;
    try {
      lease = JSON.parse(body) as FakeObject;
    } catch {
      status(400, 'BadRequest', 'not JSON');
      return;
    }
    const namespace = /\/namespaces\/([^/]+)\//.exec(collectionPath)?.[1] ?? '';
    const c = this.collectionFor({ apiVersion: LEASE_API, kind: 'Lease', metadata: { namespace } })[1];
    const key = method === 'POST' ? lease.metadata.name : name;
    if (!key || (method === 'PUT' && lease.metadata.name !== name)) {
      status(400, 'BadRequest', 'name missing or not the one in the path');
      return;
    }
    const old = c.objects.get(key);
    if (method === 'POST' && old) {
      status(409, 'AlreadyExists', `leases.coordination.k8s.io "${key}" already exists`);
      return;
    }
    if (method === 'PUT') {
      if (!old) {
        status(404, 'NotFound', `leases.coordination.k8s.io "${key}" not found`);
        return;
      }
      if (lease.metadata.resourceVersion !== old.metadata.resourceVersion) {
        status(409, 'Conflict', `Operation cannot be fulfilled on leases.coordination.k8s.io "${key}": the object has been modified`);
        return;
      }
    }
    const next: FakeObject = { ...clone(lease), apiVersion: LEASE_API, kind: 'Lease' };
    next.metadata = { ...next.metadata, namespace, resourceVersion: String(++this.rv), uid: old?.metadata.uid ?? `uid-${this.rv}` };
    c.objects.set(key, next);
    this.emit(collectionPath, c, old ? 'MODIFIED' : 'ADDED', next);
    this.leaseWrites.push({
      seq: record.seq,
      at: record.at,
      identity: record.identity,
      name: key,
      holder: (next.spec as { holderIdentity?: string } | undefined)?.holderIdentity ?? '',
      resourceVersion: next.metadata.resourceVersion!,
    });
    reply(method === 'POST' ? 201 : 200, next);
  }

  private watch(path: string, c: Collection | undefined, url: URL, res: http.ServerResponse, record: RecordedRequest): void {
    const from = Number(url.searchParams.get('resourceVersion') || 0);
    record.status = 200;
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    const write = (e: unknown) => res.write(`${JSON.stringify(e)}\n`);
    if (this.goneNext.delete(path) || (c && from < c.oldestRv)) {
      write({
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          code: 410,
          reason: 'Expired',
          message: `too old resource version: ${from}`,
        },
      });
      res.end();
      return;
    }
    const w: Watcher = {
      collection: path,
      selector: parseSelector(url.searchParams.get('labelSelector') ?? undefined),
      res,
      bookmarks: url.searchParams.get('allowWatchBookmarks') === 'true',
      sentRv: from,
    };
    for (const e of c?.events ?? []) {
      if (e.rv > from && matchesSelector(e.object, w.selector)) {
        write({ type: e.type, object: e.object });
        w.sentRv = e.rv;
      }
    }
    this.watchers.add(w);
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? 0);
    const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
    res.on('close', () => {
      clearTimeout(timer);
      this.watchers.delete(w);
    });
  }

  private emit(path: string, c: Collection, type: 'ADDED' | 'MODIFIED' | 'DELETED', object: FakeObject): void {
    const rv = Number(object.metadata.resourceVersion);
    c.events.push({ rv, type, object: clone(object) });
    for (const w of this.watchers) {
      if (w.collection !== path || !matchesSelector(object, w.selector)) continue;
      w.res.write(`${JSON.stringify({ type, object })}\n`);
      w.sentRv = rv;
    }
  }

  private sendBookmarks(): void {
    for (const w of this.watchers) {
      if (!w.bookmarks) continue;
      const [, apiVersion] = /^\/(?:api|apis)\/(.+)\/namespaces\//.exec(w.collection) ?? [];
      w.res.write(
        `${JSON.stringify({ type: 'BOOKMARK', object: { apiVersion, kind: this.collections.get(w.collection)?.kind, metadata: { resourceVersion: String(this.rv) } } })}\n`,
      );
      w.sentRv = this.rv;
    }
  }
}
