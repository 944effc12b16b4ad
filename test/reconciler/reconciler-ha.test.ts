import { afterEach, describe, expect, test } from 'vitest';
import type { ReconcilerPlan } from '../../src/contracts/reconciler-plan.js';
import { shardOf } from '../../src/reconciler/shard-of.js';
import { routeToUrl, toolGateway } from '../support/intent-fixtures.js';
import { acceptRoute, compileCluster, programGateway, statusOf } from '../support/reconciler/cluster-fixture.js';
import { FakeKubeApi, LEASE_API, type RecordedRequest } from '../support/reconciler/fake-kube-api.js';
import { LeaseTimeline } from '../support/reconciler/lease-timeline.js';
import { bundlePath, eventually, FAST, ReconcilerProcess } from '../support/reconciler/reconciler-process.js';

/**
 * Several reconciler bundle processes against one fake API server, as the replicas of the
 * Deployment: shards split among them, move when one dies, is cut off or is rolled, and the
 * fake's own log of Lease writes proves that no status write ever came from a replica that did
 * not hold its shard's Lease when the write landed. Short Lease timings keep it quick; the only
 * timing assertion is the failover bound, leaseDuration + renewDeadline + 2 s.
 */
const TIMINGS = { leaseDurationMs: 3000, renewDeadlineMs: 1500, retryPeriodMs: 250 };
const SETTINGS = { ...FAST, mcpProbe: false, ...TIMINGS };
const FAILOVER_BOUND_MS = TIMINGS.leaseDurationMs + TIMINGS.renewDeadlineMs + 2000;
const LEASE_NS = 'tool-gateway';
const PREFIX = 'tool-gateway-reconciler';

const { plan: compiled, objects } = compileCluster([
  toolGateway('tool-gateway', 'tg'),
  ...['team-a', 'team-b', 'team-c'].flatMap((ns) =>
    ['weather', 'news', 'maps', 'docs', 'mail'].map((name) => routeToUrl(ns, name, `https://${name}.example.com/mcp`)),
  ),
]);
const SHARDS = compiled.leases!.shards;
const shards = [...Array(SHARDS).keys()];
const leaseName = (shard: number) => `${PREFIX}-shard-${shard}`;

/** The shard Lease of the carrier a status patch wrote: `/apis/<g>/<v>/namespaces/<ns>/<resource>/<name>/status`. */
const leaseOfPatch = (p: RecordedRequest): string => {
  const m = /\/namespaces\/([^/]+)\/[^/]+\/([^/]+)\/status$/.exec(p.path)!;
  return leaseName(shardOf(m[1]!, decodeURIComponent(m[2]!), SHARDS));
};

describe('reconciler bundle | high availability', () => {
  let api: FakeKubeApi;
  const running: ReconcilerProcess[] = [];

  const setUp = async (plan: ReconcilerPlan = compiled) => {
    api = new FakeKubeApi({ bookmarkIntervalMs: 300 });
    await api.start();
    api.applyAll(objects);
    programGateway(api, 'tool-gateway', 'tg', '10.0.0.1', 8080);
    for (const r of plan.routes) acceptRoute(api, r.namespace, r.httpRoute, r.gateway);
    return plan;
  };
  const start = (identity: string, plan: ReconcilerPlan = compiled) => {
    const p = ReconcilerProcess.start(api.url, plan, SETTINGS, [bundlePath()], identity);
    running.push(p);
    return p;
  };

  afterEach(async () => {
    for (const p of running.splice(0)) await p.killed();
    await api.stop();
  });

  const holders = () =>
    shards.map(
      (s) => (api.get('Lease', LEASE_API, LEASE_NS, leaseName(s))?.spec as { holderIdentity?: string } | undefined)?.holderIdentity ?? '',
    );
  /** Every shard held, by the given replicas only, none holding more than `maxEach`. */
  const heldBy = (ids: readonly string[], maxEach: number) => {
    const h = holders();
    return h.every((x) => ids.includes(x)) && ids.every((id) => h.filter((x) => x === id).length <= maxEach);
  };
  const routeUrl = (port: number, ns: string, name: string) => `http://tg.tool-gateway.svc.cluster.local:${port}/${ns}/${name}/mcp`;
  const allRoutesAt = (port: number) =>
    compiled.routes.every((r) => statusOf(api, 'ToolRoute', r.namespace, r.name)?.url === routeUrl(port, r.namespace, r.name));
  /** A gateway change that every route's status must follow, whoever holds its shard. */
  const movePort = (port: number) => programGateway(api, 'tool-gateway', 'tg', '10.0.0.1', port);
  const foreignWrites = () => LeaseTimeline.of(api).foreignWrites(api.statusPatches(), leaseOfPatch);

  test('two, then three replicas: each shard held by exactly one, every route written, only by its shard holder', async () => {
    await setUp();
    start('r1');
    start('r2');
    await eventually('r1 and r2 to split the shards', () => heldBy(['r1', 'r2'], SHARDS / 2));
    await eventually('every route to have its URL', () => allRoutesAt(8080));
    start('r3');
    await eventually('r3 to get a shard', () => holders().includes('r3') && heldBy(['r1', 'r2', 'r3'], Math.ceil(SHARDS / 3)));
    movePort(8081);
    await eventually('every route to follow the gateway', () => allRoutesAt(8081));
    const writers = new Set(api.statusPatches().map((p) => p.identity));
    expect(writers).toStrictEqual(new Set(['r1', 'r2', 'r3']));
    expect(foreignWrites()).toStrictEqual([]);
    expect(api.nonStatusWrites()).toStrictEqual([]);
  });

  test('SIGKILL: the shards move within leaseDuration + renewDeadline + 2 s, with no write from a replica not holding the Lease', async () => {
    await setUp();
    const r1 = start('r1');
    start('r2');
    await eventually('r1 and r2 to split the shards', () => heldBy(['r1', 'r2'], SHARDS / 2));
    await eventually('every route to have its URL', () => allRoutesAt(8080));
    const lost = shards.filter((s) => holders()[s] === 'r1');
    const killedAt = Date.now();
    await r1.killed();
    movePort(8081);
    await eventually('r2 to hold every shard', () => heldBy(['r2'], SHARDS));
    await eventually('every route to follow the gateway', () => allRoutesAt(8081));
    const t = LeaseTimeline.of(api);
    for (const s of lost) {
      const takeover = t.takeovers(leaseName(s)).at(-1)!;
      expect(takeover.holder).toBe('r2');
      expect(takeover.at - killedAt).toBeLessThanOrEqual(FAILOVER_BOUND_MS);
    }
    expect(foreignWrites()).toStrictEqual([]);
  });

  test('a replica cut off from the API server stops writing before another takes its shards over', async () => {
    await setUp();
    start('r1');
    start('r2');
    await eventually('r1 and r2 to split the shards', () => heldBy(['r1', 'r2'], SHARDS / 2));
    await eventually('every route to have its URL', () => allRoutesAt(8080));
    const cut = shards.filter((s) => holders()[s] === 'r1');
    const cutAt = api.requests.length;
    api.partition('r1');
    // r1's watches stay open: it sees the change and would write its shards if it did not fence itself.
    movePort(8081);
    await eventually('r2 to hold every shard', () => heldBy(['r2'], SHARDS));
    await eventually('every route to follow the gateway', () => allRoutesAt(8081));
    const t = LeaseTimeline.of(api);
    const attempts = api.requests.slice(cutAt).filter((r) => r.identity === 'r1' && r.method === 'PATCH');
    // It did try (the requests reached the server and were dropped), so the next check bites.
    expect(attempts.length).toBeGreaterThan(0);
    for (const s of cut) {
      const takeover = t.takeovers(leaseName(s)).at(-1)!;
      expect(takeover.holder).toBe('r2');
      for (const a of attempts.filter((r) => leaseOfPatch(r) === leaseName(s))) expect(a.seq).toBeLessThan(takeover.seq);
    }
    expect(foreignWrites()).toStrictEqual([]);
    api.heal('r1');
    await eventually('r1 to rejoin and get its share back', () => heldBy(['r1', 'r2'], SHARDS / 2) && holders().includes('r1'));
  });

  test('a rolling restart hands every shard over through a release, and some replica always holds shards', async () => {
    await setUp();
    const old = [start('r1'), start('r2')];
    await eventually('r1 and r2 to split the shards', () => heldBy(['r1', 'r2'], SHARDS / 2));
    let port = 8080;
    for (const [i, p] of old.entries()) {
      // maxSurge 1, maxUnavailable 0: the new pod is ready before the old one gets SIGTERM.
      const next = start(`n${i + 1}`);
      await eventually(`n${i + 1} to be ready`, () => next.ready());
      expect(await p.stop()).toBe(0);
      movePort(++port);
      await eventually('every route to follow the gateway', () => allRoutesAt(port));
    }
    await eventually('the new replicas to hold every shard', () => heldBy(['n1', 'n2'], SHARDS / 2));
    const t = LeaseTimeline.of(api);
    for (const s of shards) {
      // No takeover of a Lease someone still held: the old holders released them first.
      let holder = '';
      for (const w of t.writes(leaseName(s))) {
        if (w.holder && holder) expect(w.holder).toBe(holder);
        holder = w.holder;
      }
    }
    // Replay every Lease write in order: after the first shard was taken, never were all shards free at once.
    const now = new Map<string, string>();
    let started = false;
    for (const w of [...api.leaseWrites].sort((a, b) => a.seq - b.seq)) {
      if (!w.name.includes('-shard-')) continue;
      now.set(w.name, w.holder);
      started ||= !!w.holder;
      if (started) expect([...now.values()].some(Boolean)).toBe(true);
    }
    expect(foreignWrites()).toStrictEqual([]);
    for (const p of old) expect(p.logged('lease released').length).toBeGreaterThan(0);
  });
});

describe('lease timings |', () => {
  // Renewing no more often than the deadline, or a deadline past the lease's life, would let a
  // Lease lapse while its holder still writes: the bundle refuses such a plan before it starts.
  for (const [name, bad] of [
    ['renewDeadline not below leaseDuration', { leaseDurationMs: 3000, renewDeadlineMs: 3000, retryPeriodMs: 250 }],
    ['retryPeriod not below renewDeadline', { leaseDurationMs: 3000, renewDeadlineMs: 1500, retryPeriodMs: 1500 }],
  ] as const) {
    test(`refuses a plan whose ${name}`, async () => {
      const p = ReconcilerProcess.start('http://127.0.0.1:1', compiled, { ...SETTINGS, ...bad });
      await eventually('the bundle exits', () => p.exitCode !== undefined, 30_000, 50);
      expect(p.exitCode).toBe(2);
      expect(p.stderr.join('')).toContain('lease timings must satisfy retryPeriodMs < renewDeadlineMs < leaseDurationMs');
    });
  }
});
