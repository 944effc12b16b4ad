import { collectionPath, KubeError, type KubeClient, type KubeObject } from './kube-client.js';
import { errorMessage, type Logger } from './logger.js';
import { fnv1a32 } from './shard-of.js';

export interface ShardLeaseOptions {
  /** Namespace of the Leases (the reconciler's own). */
  readonly namespace: string;
  /** Lease name prefix: `<name>-shard-<i>`, `<name>-member-<j>`. */
  readonly name: string;
  readonly shards: number;
  /** Replicas of the Deployment: `replicas + 1` member slots, so a rolling update's surge pod gets one. */
  readonly replicas: number;
  /** Our holderIdentity: the pod name. */
  readonly identity: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
}

export interface ShardEvents {
  /** We hold the shard now: reconcile its carriers. */
  acquired(shard: number): void;
  /** We no longer write the shard's status: drop its sessions. Called before the Lease is given up. */
  lost(shard: number): void;
}

interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

interface Held {
  lease: Lease;
  /** Local time just before the request of our last successful acquire or renew was sent. */
  renewedAt: number;
  releasing: boolean;
}

const API_VERSION = 'coordination.k8s.io/v1';

/** Kubernetes MicroTime: RFC 3339 with six fractional digits. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Which shards this replica writes, kept in Leases (`coordination.k8s.io/v1`) the way client-go's
 * leader election keeps one: holderIdentity, leaseDurationSeconds, acquireTime, renewTime,
 * leaseTransitions, and compare-and-swap through resourceVersion (a PUT with it; 409 means someone
 * else got there first).
 *
 * Every retry period a replica renews what it holds, then lists the Leases. A Lease is free when
 * it has no holder, or when its record has not changed for its duration on our own clock (no
 * clock comparison between machines). Each replica also holds one member Lease, so the others can
 * count live replicas even when it holds no shard; with `live` replicas nobody takes more than
 * ceil(shards / live), and while every shard is held a replica holding two more than the least
 * loaded live replica gives one up (then takes none for two periods, so the starved one gets
 * it): the split converges to shares that differ by at most one.
 *
 * The fence: we write a shard's status only while we hold its Lease and our last successful
 * renewal was sent less than renewDeadline ago. Another replica takes the shard only after it has
 * seen the record unchanged for leaseDuration, so a holder cut off from the API server stops
 * writing (and drops the shard's sessions) at least leaseDuration - renewDeadline before anyone
 * else starts.
 */
export class ShardLeases {
  private readonly held = new Map<string, Held>();
  /** Per Lease name: the resourceVersion we last saw and when we first saw it. */
  private readonly observed = new Map<string, { resourceVersion: string; at: number }>();
  private readonly inflight = new Map<number, number>();
  private readonly idle = new Map<number, (() => void)[]>();
  private timer?: NodeJS.Timeout;
  private watchdog?: NodeJS.Timeout;
  private round?: Promise<void>;
  private lastRound = 0;
  /** After giving a shard up for balance, we take none for a while. */
  private cooldownUntil = 0;
  private stopped = false;
  private readonly collection: string;

  constructor(
    private readonly client: KubeClient,
    private readonly o: ShardLeaseOptions,
    private readonly log: Logger,
    private readonly events: ShardEvents,
    private readonly now: () => number = Date.now,
  ) {
    this.collection = collectionPath(API_VERSION, o.namespace, 'leases');
  }

  shardLease(shard: number): string {
    return `${this.o.name}-shard-${shard}`;
  }

  private memberLease(slot: number): string {
    return `${this.o.name}-member-${slot}`;
  }

  private shardOfLease(name: string): number | undefined {
    const m = /-shard-(\d+)$/.exec(name);
    return m && name === this.shardLease(Number(m[1])) ? Number(m[1]) : undefined;
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.round = this.runRound()
        .catch((e: unknown) => this.log.error('lease round failed', { error: errorMessage(e) }))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.o.retryPeriodMs);
        });
    };
    tick();
    // Fencing must not wait for a hung renewal to time out.
    this.watchdog = setInterval(() => this.expireStale(), Math.min(250, this.o.retryPeriodMs));
  }

  /** Stops renewing and hands every Lease back (holder empty, duration 1 s), so others take over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.watchdog);
    // A round stuck on an unanswered request must not hold the hand-over up for long.
    await Promise.race([this.round, new Promise((r) => setTimeout(r, this.o.retryPeriodMs))]);
    await Promise.all([...this.held.keys()].map((name) => this.release(name, 'stopping')));
  }

  /** True while we may write the shard's status. */
  owns(shard: number): boolean {
    const h = this.held.get(this.shardLease(shard));
    return !!h && !h.releasing && !this.stopped && this.now() - h.renewedAt < this.o.renewDeadlineMs;
  }

  /** Shards we hold now. */
  owned(): number[] {
    return [...Array(this.o.shards).keys()].filter((s) => this.owns(s));
  }

  /** Our last round of renewals and listing reached the API server within renewDeadline. */
  get healthy(): boolean {
    return this.now() - this.lastRound < this.o.renewDeadlineMs;
  }

  /**
   * Runs `write` only if we own the shard, and counts it as in flight: a shard is given up only
   * once its writes in flight are done. Resolves to undefined when the fence refused.
   */
  async fenced<T>(shard: number, write: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (!this.owns(shard)) return undefined;
    this.inflight.set(shard, (this.inflight.get(shard) ?? 0) + 1);
    try {
      return { value: await write() };
    } finally {
      const n = (this.inflight.get(shard) ?? 1) - 1;
      this.inflight.set(shard, n);
      if (n === 0) for (const w of this.idle.get(shard)?.splice(0) ?? []) w();
    }
  }

  private drained(shard: number): Promise<void> {
    if ((this.inflight.get(shard) ?? 0) === 0) return Promise.resolve();
    return new Promise((r) => {
      const list = this.idle.get(shard) ?? [];
      list.push(r);
      this.idle.set(shard, list);
    });
  }

  private expireStale(): void {
    for (const [name, h] of this.held) {
      if (h.releasing || this.now() - h.renewedAt < this.o.renewDeadlineMs) continue;
      this.held.delete(name);
      this.lost(name, 'not renewed within the renew deadline');
    }
  }

  private lost(name: string, reason: string): void {
    const shard = this.shardOfLease(name);
    this.log.warn('lease lost', { lease: name, shard, reason });
    if (shard !== undefined) this.events.lost(shard);
  }

  private async runRound(): Promise<void> {
    await Promise.all([...this.held.keys()].map((name) => this.renew(name)));
    if (this.stopped) return;
    let leases: Lease[];
    try {
      const listed = await this.client.list(this.collection, {}, undefined);
      leases = listed.items as Lease[];
    } catch (e) {
      this.log.warn('could not list leases', { error: errorMessage(e), status: e instanceof KubeError ? e.status : undefined });
      return;
    }
    const started = this.now();
    const byName = new Map(leases.map((l) => [l.metadata.name, l]));
    for (const l of leases) {
      const rv = l.metadata.resourceVersion ?? '';
      const seen = this.observed.get(l.metadata.name);
      if (seen?.resourceVersion !== rv) this.observed.set(l.metadata.name, { resourceVersion: rv, at: started });
    }
    if (!this.hasMember()) {
      for (let slot = 0; slot <= this.o.replicas && !this.hasMember() && !this.isStopped(); slot++) {
        await this.tryAcquire(this.memberLease(slot), byName.get(this.memberLease(slot)));
      }
    }
    const live = new Set<string>([this.o.identity]);
    for (let slot = 0; slot <= this.o.replicas; slot++) {
      const l = byName.get(this.memberLease(slot));
      if (l && !this.isFree(l)) live.add(l.spec?.holderIdentity as string);
    }
    const target = Math.ceil(this.o.shards / live.size);
    const mine = [...Array(this.o.shards).keys()].filter((s) => this.held.has(this.shardLease(s)));
    // Shards per live replica, from the shard Leases (the server's view, ours included).
    const load = new Map([...live].map((id) => [id, 0]));
    let allHeld = true;
    for (let s = 0; s < this.o.shards; s++) {
      const l = byName.get(this.shardLease(s));
      const holder = l?.spec?.holderIdentity ?? '';
      if (!l || this.isFree(l)) allHeld = false;
      else if (load.has(holder)) load.set(holder, (load.get(holder) ?? 0) + 1);
    }
    const least = Math.min(...load.values());
    // Every shard is held and someone has two fewer than we do: give one up for them to take.
    // Free shards need no giving up: whoever is below the target takes them.
    if (allHeld && mine.length - least >= 2) {
      await this.release(this.shardLease(mine[mine.length - 1] as number), `rebalancing: ${live.size} live replicas, one holds ${least}`);
      // Not ours to take back at once: the starved replica gets a couple of rounds to take it.
      this.cooldownUntil = this.now() + 2 * this.o.retryPeriodMs;
    }
    if (this.now() >= this.cooldownUntil) {
      // Start looking at a place of our own, so replicas starting together go for different shards.
      const offset = fnv1a32(this.o.identity) % this.o.shards;
      for (let i = 0; i < this.o.shards && !this.isStopped(); i++) {
        if ([...this.held.keys()].filter((n) => this.shardOfLease(n) !== undefined).length >= target) break;
        const name = this.shardLease((offset + i) % this.o.shards);
        if (this.held.has(name)) continue;
        await this.tryAcquire(name, byName.get(name));
      }
    }
    this.lastRound = started;
  }

  /** A method, not the field: stop() may run while a round awaits. */
  private isStopped(): boolean {
    return this.stopped;
  }

  private hasMember(): boolean {
    return [...this.held.keys()].some((n) => n.includes('-member-'));
  }

  /** No holder, ours (lost by us, still ours on the server), or unchanged for its duration. */
  private isFree(l: Lease): boolean {
    const holder = l.spec?.holderIdentity;
    if (!holder) return true;
    if (holder === this.o.identity) return !this.held.has(l.metadata.name);
    const seen = this.observed.get(l.metadata.name);
    const duration = Math.max(1, l.spec?.leaseDurationSeconds ?? 1) * 1000;
    return !!seen && this.now() - seen.at >= duration;
  }

  private record(previous: Lease['spec'], sentAt: number): NonNullable<Lease['spec']> {
    const changed = previous?.holderIdentity !== this.o.identity;
    return {
      holderIdentity: this.o.identity,
      leaseDurationSeconds: Math.max(1, Math.ceil(this.o.leaseDurationMs / 1000)),
      acquireTime: changed ? microTime(sentAt) : (previous.acquireTime ?? microTime(sentAt)),
      renewTime: microTime(sentAt),
      leaseTransitions: (previous?.leaseTransitions ?? 0) + (changed && previous?.holderIdentity ? 1 : 0),
    };
  }

  private async tryAcquire(name: string, current: Lease | undefined): Promise<void> {
    if (current && !this.isFree(current)) return;
    const sentAt = this.now();
    try {
      let stored: Lease;
      if (!current) {
        stored = (await this.client.create(
          this.collection,
          {
            apiVersion: API_VERSION,
            kind: 'Lease',
            metadata: { name, namespace: this.o.namespace, labels: { 'app.kubernetes.io/name': this.o.name } },
            spec: this.record(undefined, sentAt),
          },
          this.o.renewDeadlineMs,
        )) as Lease;
      } else {
        stored = (await this.client.replace(
          `${this.collection}/${encodeURIComponent(name)}`,
          { ...current, spec: this.record(current.spec, sentAt) },
          this.o.renewDeadlineMs,
        )) as Lease;
      }
      // Held even when stopping meanwhile: stop() hands it back after this round.
      this.held.set(name, { lease: stored, renewedAt: sentAt, releasing: false });
      if (this.stopped) return;
      const shard = this.shardOfLease(name);
      this.log.info('lease acquired', { lease: name, shard, previousHolder: current?.spec?.holderIdentity || undefined });
      if (shard !== undefined) this.events.acquired(shard);
    } catch (e) {
      // 409: another replica created or took it first; anything else: next round.
      if (!(e instanceof KubeError && e.status === 409)) this.log.debug('could not acquire lease', { lease: name, error: errorMessage(e) });
    }
  }

  private async renew(name: string): Promise<void> {
    const h = this.held.get(name);
    if (!h || h.releasing) return;
    const sentAt = this.now();
    try {
      const stored = (await this.client.replace(
        `${this.collection}/${encodeURIComponent(name)}`,
        { ...h.lease, spec: this.record(h.lease.spec, sentAt) },
        this.o.renewDeadlineMs,
      )) as Lease;
      // The watchdog may have given it up meanwhile; then it stays given up (the next round may take it back).
      if (this.held.get(name) === h) {
        h.lease = stored;
        h.renewedAt = sentAt;
      }
    } catch (e) {
      if (this.held.get(name) !== h) return;
      if (e instanceof KubeError && (e.status === 409 || e.status === 404)) {
        this.held.delete(name);
        this.lost(name, e.status === 409 ? 'changed by another replica' : 'deleted');
        return;
      }
      this.log.warn('could not renew lease', {
        lease: name,
        error: errorMessage(e),
        status: e instanceof KubeError ? e.status : undefined,
      });
    }
  }

  /** Stops writing the shard, waits for its writes in flight, then hands the Lease back. */
  private async release(name: string, reason: string): Promise<void> {
    const h = this.held.get(name);
    if (!h || h.releasing) return;
    h.releasing = true;
    const shard = this.shardOfLease(name);
    if (shard !== undefined) {
      this.events.lost(shard);
      await this.drained(shard);
    }
    try {
      await this.client.replace(
        `${this.collection}/${encodeURIComponent(name)}`,
        {
          ...h.lease,
          spec: { ...h.lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(this.now()) },
        },
        this.o.renewDeadlineMs,
      );
      this.log.info('lease released', { lease: name, shard, reason });
    } catch (e) {
      // It expires on its own.
      this.log.warn('could not release lease', { lease: name, error: errorMessage(e) });
    } finally {
      this.held.delete(name);
    }
  }
}
