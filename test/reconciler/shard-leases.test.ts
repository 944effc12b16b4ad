import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { KubeClient } from '../../src/reconciler/kube-client.js';
import { createLogger } from '../../src/reconciler/logger.js';
import { ShardLeases } from '../../src/reconciler/shard-leases.js';
import { FakeKubeApi, LEASE_API } from '../support/reconciler/fake-kube-api.js';
import { LeaseTimeline } from '../support/reconciler/lease-timeline.js';
import { eventually } from '../support/reconciler/reconciler-process.js';

/**
 * The Lease logic in-process against the fake API server: several electors, each with its own
 * client and identity, as several replicas would be. Short timings keep it quick; no assertion
 * depends on them beyond "eventually".
 */
const SHARDS = 4;
const TIMINGS = { leaseDurationMs: 2000, renewDeadlineMs: 1200, retryPeriodMs: 100 };

interface Replica {
  readonly identity: string;
  readonly leases: ShardLeases;
  readonly client: KubeClient;
  /** Local times the shard events fired. */
  readonly events: { type: 'acquired' | 'lost'; shard: number; at: number }[];
}

describe('ShardLeases |', () => {
  let api: FakeKubeApi;
  const replicas: Replica[] = [];

  const start = (identity: string, replicasPlanned = 2): Replica => {
    const client = new KubeClient({ server: api.url, token: () => identity });
    const events: Replica['events'] = [];
    const leases = new ShardLeases(
      client,
      { namespace: 'tool-gateway', name: 'rec', shards: SHARDS, replicas: replicasPlanned, identity, ...TIMINGS },
      createLogger('error', () => {}),
      {
        acquired: (shard) => events.push({ type: 'acquired', shard, at: Date.now() }),
        lost: (shard) => events.push({ type: 'lost', shard, at: Date.now() }),
      },
    );
    const r = { identity, leases, client, events };
    replicas.push(r);
    leases.start();
    return r;
  };

  const holders = () =>
    [...Array(SHARDS).keys()].map(
      (s) =>
        (api.get('Lease', LEASE_API, 'tool-gateway', `rec-shard-${s}`)?.spec as { holderIdentity?: string } | undefined)?.holderIdentity,
    );

  /** Every shard held by exactly one of `live`, each of them believing it owns exactly what the server says. */
  const settledAmong = (live: readonly Replica[], maxEach: number) => {
    const h = holders();
    if (!h.every((x) => live.some((r) => r.identity === x))) return false;
    for (const r of live) {
      const mine = h.flatMap((x, s) => (x === r.identity ? [s] : []));
      if (mine.length > maxEach || JSON.stringify(r.leases.owned()) !== JSON.stringify(mine)) return false;
    }
    return true;
  };

  beforeEach(async () => {
    api = new FakeKubeApi();
    await api.start();
  });

  afterEach(async () => {
    for (const r of replicas.splice(0)) {
      await r.leases.stop();
      r.client.close();
    }
    await api.stop();
  });

  test('one replica takes every shard, with the standard Lease fields', async () => {
    const a = start('a', 1);
    await eventually('a to hold all shards', () => settledAmong([a], SHARDS));
    const lease = api.get('Lease', LEASE_API, 'tool-gateway', 'rec-shard-0')!;
    expect(lease.spec).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 2, leaseTransitions: 0 });
    const spec = lease.spec as { acquireTime: string; renewTime: string };
    expect(spec.acquireTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Date.parse(spec.renewTime)).toBeGreaterThanOrEqual(Date.parse(spec.acquireTime));
    // It holds a member Lease too, so others can count it.
    expect((api.get('Lease', LEASE_API, 'tool-gateway', 'rec-member-0')?.spec as { holderIdentity?: string }).holderIdentity).toBe('a');
  });

  test('two and three replicas split the shards, each shard held by exactly one', async () => {
    const a = start('a');
    await eventually('a to hold all shards', () => settledAmong([a], SHARDS));
    const b = start('b');
    // a gives up surplus shards once it sees b's member Lease.
    await eventually('a and b to hold 2 each', () => settledAmong([a, b], 2));
    const c = start('c', 3);
    // 2, 1, 1: a and b hold two each until one of them gives one up for c.
    await eventually(
      'a, b and c to hold at most 2 each, c at least one',
      () => settledAmong([a, b, c], 2) && c.leases.owned().length === 1,
    );
    const t = LeaseTimeline.of(api);
    // Hand-overs went through a release (holder ''), never straight from one holder to another.
    for (let s = 0; s < SHARDS; s++) {
      const writes = t.writes(`rec-shard-${s}`);
      for (let i = 1; i < writes.length; i++) {
        const [prev, next] = [writes[i - 1]!, writes[i]!];
        if (prev.holder && next.holder) expect(next.holder).toBe(prev.holder);
      }
    }
  });

  test('a graceful stop hands the shards over at once, released before taken', async () => {
    const a = start('a');
    const b = start('b');
    await eventually('a and b to split', () => settledAmong([a, b], 2));
    const stoppedAt = Date.now();
    await a.leases.stop();
    replicas.splice(replicas.indexOf(a), 1);
    a.client.close();
    const released = holders();
    expect(released.filter((h) => h === 'a')).toEqual([]);
    await eventually('b to hold all shards', () => settledAmong([b], SHARDS));
    // Well before a's Leases would have expired on their own.
    const takeovers = [...Array(SHARDS).keys()]
      .flatMap((s) => LeaseTimeline.of(api).takeovers(`rec-shard-${s}`))
      .filter((w) => w.at >= stoppedAt);
    expect(takeovers.length).toBeGreaterThan(0);
    expect(takeovers.every((w) => w.holder === 'b' && w.at - stoppedAt < TIMINGS.leaseDurationMs)).toBe(true);
  });

  test('a partitioned replica stops owning its shards before another takes them over', async () => {
    const a = start('a');
    const b = start('b');
    await eventually('a and b to split', () => settledAmong([a, b], 2));
    const aShards = a.leases.owned();
    expect(aShards.length).toBe(2);
    api.partition('a');
    await eventually('b to hold all shards', () => settledAmong([b], SHARDS) || undefined);
    await eventually('a to own nothing', () => a.leases.owned().length === 0);
    const t = LeaseTimeline.of(api);
    for (const shard of aShards) {
      const lostAt = a.events.filter((e) => e.type === 'lost' && e.shard === shard).at(-1)!.at;
      const takeover = t.takeovers(`rec-shard-${shard}`).at(-1)!;
      expect(takeover.holder).toBe('b');
      // Both clocks are this process's: a fenced itself before b's takeover reached the server.
      expect(lostAt).toBeLessThan(takeover.at);
    }
    // And the fence refuses writes.
    expect(await a.leases.fenced(aShards[0]!, () => Promise.resolve('written'))).toBeUndefined();
    expect(a.leases.healthy).toBe(false);
    api.heal('a');
    // Healed, a gets its share back.
    await eventually('a and b to split again', () => settledAmong([a, b], 2));
  });

  test('the fence runs a write only while the shard is owned, and a release waits for it', async () => {
    const a = start('a', 1);
    await eventually('a to hold all shards', () => settledAmong([a], SHARDS));
    let finish!: () => void;
    const write = a.leases.fenced(0, () => new Promise<string>((r) => (finish = () => r('done'))));
    const stopping = a.leases.stop();
    // Stopping waits for the write in flight before it hands shard 0 back.
    await new Promise((r) => setTimeout(r, 300));
    expect(holders()[0]).toBe('a');
    finish();
    expect(await write).toEqual({ value: 'done' });
    await stopping;
    replicas.splice(0);
    a.client.close();
    expect(holders()).toEqual(['', '', '', '']);
    expect(await a.leases.fenced(1, () => Promise.resolve('late'))).toBeUndefined();
  });
});
