import type { FakeKubeApi, LeaseWrite, RecordedRequest } from './fake-kube-api.js';

/**
 * Who held each Lease when, rebuilt from the Lease writes the fake API server applied (in the
 * order it applied them, not by clock): a write makes its holderIdentity the holder until the
 * next write of the same Lease. This is the server's view, the only one that matters for
 * "was the writer the holder when its status write landed".
 */
export class LeaseTimeline {
  private readonly byLease = new Map<string, LeaseWrite[]>();

  constructor(writes: readonly LeaseWrite[]) {
    for (const w of writes) {
      const list = this.byLease.get(w.name) ?? [];
      list.push(w);
      this.byLease.set(w.name, list);
    }
  }

  static of(api: FakeKubeApi): LeaseTimeline {
    return new LeaseTimeline(api.leaseWrites);
  }

  /** The holder of `lease` right before the request numbered `seq` was applied; '' when none. */
  holderBefore(lease: string, seq: number): string {
    let holder = '';
    for (const w of this.byLease.get(lease) ?? []) {
      if (w.seq >= seq) break;
      holder = w.holder;
    }
    return holder;
  }

  /** The writes of one Lease, in order. */
  writes(lease: string): readonly LeaseWrite[] {
    return this.byLease.get(lease) ?? [];
  }

  /** Writes that changed a Lease's holder to someone else (not renewals, not releases). */
  takeovers(lease: string): LeaseWrite[] {
    const out: LeaseWrite[] = [];
    let holder = '';
    for (const w of this.writes(lease)) {
      if (w.holder && w.holder !== holder) out.push(w);
      holder = w.holder;
    }
    return out;
  }

  /**
   * Applied status writes whose sender did not hold the Lease of the carrier's shard at the
   * time: what the fencing must make impossible.
   */
  foreignWrites(patches: readonly RecordedRequest[], leaseOf: (patch: RecordedRequest) => string): RecordedRequest[] {
    return patches.filter((p) => p.status === 200 && this.holderBefore(leaseOf(p), p.seq) !== p.identity);
  }
}
