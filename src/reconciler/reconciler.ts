import type { CarrierKind } from '../contracts/api-group.js';
import type { Condition, GuardStatus, ToolGatewayStatus, ToolRouteStatus } from '../contracts/status.js';
import { Backoff, retryDelay } from './backoff.js';
import { kubeTime } from './conditions.js';
import { Informer } from './informer.js';
import { KubeError, type KubeClient, type KubeObject } from './kube-client.js';
import { errorMessage, type Logger } from './logger.js';
import { metrics, RECONCILER_METRICS } from './metrics.js';
import type { PlanGateway, PlanGuard, PlanRoute, ReconcilerPlan, WatchedResource } from '../contracts/reconciler-plan.js';
import { SessionManager } from './session-manager.js';
import type { ResolvedSettings } from './settings.js';
import { ShardLeases } from './shard-leases.js';
import { shardOf } from './shard-of.js';
import { deriveGatewayStatus, deriveGuardStatus, deriveRouteStatus, routeRouting, type Lookup } from './status-derivation.js';
import { StatusWriter } from './status-writer.js';
import { WorkQueue } from './work-queue.js';

/** The carriers whose status the reconciler writes. */
type StatusKind = Extract<CarrierKind, 'ToolGateway' | 'ToolRoute' | 'ToolSet' | 'Guard'>;

/** The status keys the reconciler owns, per carrier kind; others are left alone. */
const OWNED: Record<StatusKind, readonly string[]> = {
  ToolGateway: ['observedGeneration', 'url', 'conditions'],
  ToolRoute: ['observedGeneration', 'url', 'conditions', 'tools', 'mcp'],
  ToolSet: ['observedGeneration', 'url', 'conditions', 'tools', 'mcp'],
  Guard: ['observedGeneration', 'conditions'],
};

const k2 = (namespace: string, name: string) => `${namespace}/${name}`;
const k3 = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

function push<K, V>(m: Map<K, V[]>, key: K, value: V): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

/**
 * The runtime reconciler: informers for what the plan watches, a work queue of status carriers,
 * status derived from the watched objects and the MCP sessions, written through `/status` only
 * when it changed. Nothing is written before every informer has listed once, so a half-filled
 * cache never reports a missing Gateway. With Leases in the plan every replica watches
 * everything (so a shard it takes over is warm), but reconciles, writes and holds sessions for
 * the carriers of the shards it holds only.
 */
export class Reconciler {
  private readonly informers = new Map<string, Informer>();
  private readonly queue: WorkQueue;
  private readonly writer: StatusWriter;
  private readonly sessions?: SessionManager;
  private readonly gateways = new Map<string, PlanGateway>();
  private readonly routes = new Map<string, PlanRoute>();
  private readonly guards = new Map<string, PlanGuard>();
  /** Watched object (`Kind/ns/name`) → carrier keys whose status depends on it. */
  private readonly dependents = new Map<string, string[]>();
  private readonly retries = new Map<string, Backoff>();
  /** What we last wrote per carrier, and on top of which resourceVersion: the watch may lag behind our own write. */
  private readonly written = new Map<string, { resourceVersion?: string; status: Record<string, unknown> }>();
  private readonly warnedForeign = new Set<string>();
  /** With Leases in the plan: which shards we write. Without: all of them, alone. */
  private readonly leases?: ShardLeases;
  /** Carrier keys per shard. */
  private readonly byShard = new Map<number, string[]>();
  private synced = false;
  private stopped = false;

  constructor(
    private readonly client: KubeClient,
    private readonly plan: ReconcilerPlan,
    private readonly settings: ResolvedSettings,
    private readonly log: Logger,
    identity = 'tool-gateway-reconciler',
  ) {
    if (plan.leases) {
      this.leases = new ShardLeases(
        client,
        {
          ...plan.leases,
          identity,
          leaseDurationMs: settings.leaseDurationMs,
          renewDeadlineMs: settings.renewDeadlineMs,
          retryPeriodMs: settings.retryPeriodMs,
        },
        log,
        { acquired: (shard) => this.shardAcquired(shard), lost: (shard) => this.shardLost(shard) },
      );
    }
    this.writer = new StatusWriter(client);
    this.queue = new WorkQueue(settings.writeConcurrency, (key) => this.reconcile(key), log);
    if (settings.mcpProbe) {
      this.sessions = new SessionManager(
        {
          requestTimeoutMs: settings.mcpRequestTimeoutMs,
          relistMs: settings.mcpRelistMs,
          pollMs: settings.mcpPollMs,
          backoffBaseMs: settings.backoffBaseMs,
          backoffMaxMs: settings.backoffMaxMs,
          connectConcurrency: settings.mcpConnectConcurrency,
          onFailure: (reason) => RECONCILER_METRICS.mcpFailures.inc({ reason }),
        },
        log,
        (routeKey) => this.queue.add(routeKey),
      );
    }
    const sessions = this.sessions;
    metrics.gauge('tool_gateway_reconciler_mcp_sessions_held', 'Stateful MCP sessions held open.', () => sessions?.held ?? 0);
    this.index();
  }

  /**
   * True once every informer has listed and, with Leases, while our Lease rounds reach the API
   * server. Holding no shard does not make a replica unready: a rolling update's new pod holds
   * none until an old one hands its shards over, and must be ready for that to happen.
   */
  get ready(): boolean {
    return this.synced && (this.leases?.healthy ?? true);
  }

  /** Status writes sent so far. */
  get writes(): number {
    return this.writer.writes;
  }

  start(): void {
    for (const ns of this.plan.namespaces) {
      for (const w of ns.watches) {
        const inf = new Informer(
          this.client,
          ns.name,
          w,
          {
            backoffBaseMs: this.settings.backoffBaseMs,
            backoffMaxMs: this.settings.backoffMaxMs,
            watchTimeoutSeconds: this.settings.watchTimeoutSeconds,
          },
          this.log,
          (kind, namespace, name) => this.changed(kind, namespace, name),
          () => this.informerSynced(),
        );
        this.informers.set(k2(w.kind, ns.name), inf);
      }
    }
    this.log.info('starting', {
      controller: this.plan.controllerName,
      namespaces: this.plan.namespaces.length,
      informers: this.informers.size,
      gateways: this.gateways.size,
      routes: this.routes.size,
      guards: this.guards.size,
    });
    for (const inf of this.informers.values()) inf.start();
    if (this.informers.size === 0) this.informerSynced();
    this.leases?.start();
  }

  /** Graceful stop: no new work, watches closed, MCP sessions ended (DELETE), writes in flight finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
    await Promise.all([this.queue.stop(), this.sessions?.closeAll()]);
    // Only now, with no write in flight: the next holder must not overlap with us.
    await this.leases?.stop();
  }

  private shardOfKey(key: string): number {
    if (!this.plan.leases) return 0;
    const [, namespace = '', name = ''] = key.split('/');
    return shardOf(namespace, name, this.plan.leases.shards);
  }

  private owns(key: string): boolean {
    return !this.leases || this.leases.owns(this.shardOfKey(key));
  }

  private shardAcquired(shard: number): void {
    this.log.info('shard acquired', { shard, carriers: this.byShard.get(shard)?.length ?? 0 });
    if (!this.synced || this.stopped) return;
    for (const key of this.byShard.get(shard) ?? []) this.queue.add(key);
  }

  /** Another replica writes these now: hold no session for them, and forget what we wrote. */
  private shardLost(shard: number): void {
    this.log.info('shard given up', { shard });
    for (const key of this.byShard.get(shard) ?? []) {
      if (key.startsWith('ToolRoute/') || key.startsWith('ToolSet/')) this.sessions?.release(key);
      this.written.delete(key);
    }
  }

  private index(): void {
    for (const g of this.plan.guards) this.guards.set(k3('Guard', g.namespace, g.name), g);
    for (const g of this.plan.gateways) {
      const key = k3('ToolGateway', g.namespace, g.name);
      this.gateways.set(key, g);
      push(this.dependents, k3('Gateway', g.namespace, g.name), key);
      for (const p of g.policies) push(this.dependents, k3('AgentgatewayPolicy', g.namespace, p), key);
      for (const ref of g.guards) {
        const guard = this.guards.get(k3('Guard', ref.namespace, ref.name));
        if (guard?.deployment) push(this.dependents, k3('Deployment', guard.namespace, guard.deployment), key);
      }
    }
    for (const r of this.plan.routes) {
      const key = k3(r.kind ?? 'ToolRoute', r.namespace, r.name);
      this.routes.set(key, r);
      push(this.dependents, k3('Gateway', r.gateway.namespace, r.gateway.name), key);
      push(this.dependents, k3('HTTPRoute', r.namespace, r.httpRoute), key);
      push(this.dependents, k3('AgentgatewayBackend', r.namespace, r.backend), key);
      for (const p of r.policies) push(this.dependents, k3('AgentgatewayPolicy', r.namespace, p), key);
    }
    for (const g of this.plan.guards) {
      const key = k3('Guard', g.namespace, g.name);
      if (g.deployment) push(this.dependents, k3('Deployment', g.namespace, g.deployment), key);
    }
    for (const key of [...this.gateways.keys(), ...this.routes.keys(), ...this.guards.keys()])
      push(this.byShard, this.shardOfKey(key), key);
  }

  private informerSynced(): void {
    if (this.synced || ![...this.informers.values()].every((i) => i.synced)) return;
    this.synced = true;
    this.log.info('caches synced, reconciling', { carriers: this.gateways.size + this.routes.size + this.guards.size });
    for (const key of [...this.gateways.keys(), ...this.routes.keys(), ...this.guards.keys()]) if (this.owns(key)) this.queue.add(key);
    this.queue.start();
  }

  private changed(kind: string, namespace: string, name: string): void {
    if (this.stopped) return;
    const key = k3(kind, namespace, name);
    if (kind === 'ToolGateway' || kind === 'ToolRoute' || kind === 'ToolSet' || kind === 'Guard') {
      if ((this.gateways.has(key) || this.routes.has(key) || this.guards.has(key)) && this.owns(key)) this.queue.add(key);
      return;
    }
    for (const dependent of this.dependents.get(key) ?? []) if (this.owns(dependent)) this.queue.add(dependent);
  }

  private readonly lookup: Lookup = (kind, namespace, name) => this.informers.get(k2(kind, namespace))?.get(name);

  private async reconcile(key: string): Promise<void> {
    if (this.stopped) return;
    const [kind, namespace, name] = key.split('/') as [StatusKind, string, string];
    if (!this.owns(key)) {
      if (kind === 'ToolRoute' || kind === 'ToolSet') this.sessions?.release(key);
      return;
    }
    const informer = this.informers.get(k2(kind, namespace));
    const stored = informer?.get(name);
    if (!stored) {
      // Not applied yet (its ADDED event brings it back here), or deleted: hold no session for it.
      if (kind === 'ToolRoute' || kind === 'ToolSet') this.sessions?.release(key);
      return;
    }
    const carrier = this.withOurLastWrite(key, stored);
    const now = kubeTime(new Date());
    let desired: ToolGatewayStatus | ToolRouteStatus | GuardStatus;
    if (kind === 'ToolGateway') {
      const className = (carrier.spec as { toolGatewayClassName?: string } | undefined)?.toolGatewayClassName;
      if (className !== this.plan.gatewayClassName) {
        // Another implementation owns it now; its status is not ours to write.
        if (!this.warnedForeign.has(key)) this.log.warn('toolgateway names another class, leaving its status alone', { key, className });
        this.warnedForeign.add(key);
        return;
      }
      desired = deriveGatewayStatus(this.gateways.get(key) as PlanGateway, carrier, this.lookup, this.guards, now, this.plan.clusterDomain);
    } else if (kind === 'ToolRoute' || kind === 'ToolSet') {
      const route = this.routes.get(key) as PlanRoute;
      const routing = routeRouting(route, this.lookup, this.plan.clusterDomain);
      let session;
      if (this.sessions) {
        session =
          routing.status === 'True' && routing.probeUrl
            ? this.sessions.ensure(key, routing.probeUrl, () => seedOf(carrier))
            : this.sessions.release(key);
      }
      desired = deriveRouteStatus(carrier, routing, session, now);
    } else {
      desired = deriveGuardStatus(this.guards.get(key) as PlanGuard, carrier, this.lookup, now);
    }

    const resource = informer?.resource as WatchedResource;
    try {
      const write = () => this.writer.write(resource, carrier, desired, OWNED[kind]);
      let written;
      if (this.leases) {
        // Checked again right before the write: the Lease may have lapsed while we derived.
        const fenced = await this.leases.fenced(this.shardOfKey(key), write);
        if (!fenced) {
          if (kind === 'ToolRoute' || kind === 'ToolSet') this.sessions?.release(key);
          return;
        }
        written = fenced.value;
      } else {
        written = await write();
      }
      this.retries.delete(key);
      if (written) {
        // As the API server stored it (pruned fields and all), until the watch brings that version.
        this.written.set(key, {
          resourceVersion: stored.metadata.resourceVersion,
          status: (written.status ?? {}) as Record<string, unknown>,
        });
        this.log.debug('status written', { key });
      }
    } catch (e) {
      if (e instanceof KubeError && e.status === 404) return; // deleted meanwhile
      const backoff = this.retries.get(key) ?? new Backoff(this.settings.backoffBaseMs, this.settings.backoffMaxMs);
      this.retries.set(key, backoff);
      const delay = retryDelay(e, backoff);
      this.log.warn('status write failed, retrying', {
        key,
        error: errorMessage(e),
        status: e instanceof KubeError ? e.status : undefined,
        retryInMs: delay,
      });
      this.queue.addAfter(key, delay);
    }
  }

  /**
   * The carrier as we last left it: until the watch delivers a newer version than the one our
   * write was based on, compare with what we wrote, so a lagging watch causes no second write.
   */
  private withOurLastWrite(key: string, stored: KubeObject): KubeObject {
    const w = this.written.get(key);
    if (!w) return stored;
    if (w.resourceVersion !== stored.metadata.resourceVersion) {
      this.written.delete(key);
      return stored;
    }
    return { ...stored, status: w.status };
  }
}

/** What a route's recorded status tells a new session: the last tools, losses so far, the surface condition. */
function seedOf(carrier: KubeObject) {
  const status = carrier.status as ToolRouteStatus | undefined;
  const surface = status?.conditions?.find((c: Condition) => c.type === 'ToolSurfaceChanged');
  return {
    tools: status?.tools,
    sessionLosses: status?.mcp?.sessionLosses,
    surface: surface ? { status: surface.status, reason: surface.reason, message: surface.message } : undefined,
  };
}
