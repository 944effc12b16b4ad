/** A pending callback of a `TimerWheel`; `cancel()` is idempotent. */
export interface WheelTimer {
  cancel(): void;
}

/** What the wheel needs of a clock; tests pass a manual one. */
export interface WheelClock {
  now(): number;
  /** Arms the one underlying timer; returns a function that disarms it. */
  arm(ms: number, fire: () => void): () => void;
}

const NODE_CLOCK: WheelClock = {
  now: () => Date.now(),
  arm: (ms, fire) => {
    const t = setTimeout(fire, ms);
    // Pending re-lists and reconnects must not keep a stopping process alive.
    t.unref();
    return () => clearTimeout(t);
  },
};

interface Entry {
  readonly at: number;
  /** Order of scheduling, so callbacks due at the same time run first-in first-out. */
  readonly seq: number;
  run?: () => void;
}

/**
 * Every session's scheduled work (re-lists, polls, stream reconnects, backoffs) behind one Node
 * timer: a binary heap ordered by deadline, and the timer armed for the earliest. A thousand
 * sessions then cost a thousand small heap entries instead of a thousand `Timeout` objects with
 * their async hooks and timer-list links. A cancelled entry is only marked and dropped when it
 * reaches the top, so cancelling is O(1).
 */
export class TimerWheel {
  private readonly heap: Entry[] = [];
  private seq = 0;
  private armedAt = Infinity;
  private disarm?: () => void;
  private live = 0;

  constructor(private readonly clock: WheelClock = NODE_CLOCK) {}

  /** Runs `run` once, `ms` from now (at the earliest). */
  after(ms: number, run: () => void): WheelTimer {
    const entry: Entry = { at: this.clock.now() + Math.max(0, ms), seq: this.seq++, run };
    this.push(entry);
    this.live++;
    this.rearm();
    return {
      cancel: () => {
        if (!entry.run) return;
        entry.run = undefined;
        this.live--;
      },
    };
  }

  /** Callbacks scheduled and neither run nor cancelled. */
  get size(): number {
    return this.live;
  }

  private fire(): void {
    this.armedAt = Infinity;
    this.disarm = undefined;
    const now = this.clock.now();
    while (this.heap.length > 0 && (this.heap[0] as Entry).at <= now) {
      const entry = this.pop();
      const run = entry.run;
      if (!run) continue;
      entry.run = undefined;
      this.live--;
      try {
        run();
      } catch {
        // A callback's failure is its own business; the others still run.
      }
    }
    this.rearm();
  }

  private rearm(): void {
    while (this.heap.length > 0 && !(this.heap[0] as Entry).run) this.pop();
    const next = this.heap[0]?.at ?? Infinity;
    if (next === this.armedAt) return;
    this.disarm?.();
    this.disarm = undefined;
    this.armedAt = next;
    if (next !== Infinity) this.disarm = this.clock.arm(Math.max(0, next - this.clock.now()), () => this.fire());
  }

  private before(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i] as Entry, h[parent] as Entry)) break;
      [h[i], h[parent]] = [h[parent] as Entry, h[i] as Entry];
      i = parent;
    }
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0] as Entry;
    const last = h.pop() as Entry;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.before(h[l] as Entry, h[m] as Entry)) m = l;
        if (r < h.length && this.before(h[r] as Entry, h[m] as Entry)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Entry, h[i] as Entry];
        i = m;
      }
    }
    return top;
  }
}
