import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerWheel, type WheelClock } from '../../src/reconciler/timer-wheel.js';

/** A clock the test moves by hand; it records how many underlying timers are armed at once. */
class ManualClock implements WheelClock {
  time = 0;
  private armed: { at: number; fire: () => void } | undefined;
  maxArmed = 0;
  private count = 0;

  now(): number {
    return this.time;
  }

  arm(ms: number, fire: () => void): () => void {
    const timer = { at: this.time + ms, fire };
    this.armed = timer;
    this.count++;
    this.maxArmed = Math.max(this.maxArmed, this.count);
    return () => {
      if (this.armed === timer) this.armed = undefined;
      this.count--;
    };
  }

  /** Moves the clock to `t`, firing the armed timer whenever it is due (as Node would). */
  advance(t: number): void {
    while (this.armed && this.armed.at <= t) {
      const timer = this.armed;
      this.time = Math.max(this.time, timer.at);
      this.armed = undefined;
      this.count--;
      timer.fire();
    }
    this.time = t;
  }
}

type Op = { kind: 'after'; ms: number } | { kind: 'cancel'; which: number } | { kind: 'advance'; by: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('after' as const), ms: fc.integer({ min: 0, max: 50 }) }),
  fc.record({ kind: fc.constant('cancel' as const), which: fc.nat() }),
  fc.record({ kind: fc.constant('advance' as const), by: fc.integer({ min: 0, max: 30 }) }),
);

describe('TimerWheel |', () => {
  it('runs every callback not cancelled exactly once, at or after its deadline, in (deadline, scheduling) order, with one timer armed', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const clock = new ManualClock();
        const wheel = new TimerWheel(clock);
        const fired: { id: number; at: number }[] = [];
        const scheduled: { id: number; due: number; cancelled: boolean; handle: { cancel(): void } }[] = [];
        for (const o of ops) {
          if (o.kind === 'after') {
            const id = scheduled.length;
            const handle = wheel.after(o.ms, () => fired.push({ id, at: clock.now() }));
            scheduled.push({ id, due: clock.now() + o.ms, cancelled: false, handle });
          } else if (o.kind === 'cancel' && scheduled.length > 0) {
            const s = scheduled[o.which % scheduled.length]!;
            // Cancelling after it ran changes nothing; the oracle only drops callbacks not yet run.
            if (!fired.some((f) => f.id === s.id)) s.cancelled = true;
            s.handle.cancel();
          } else if (o.kind === 'advance') {
            clock.advance(clock.now() + o.by);
          }
        }
        clock.advance(clock.now() + 1000);
        // Oracle: the callbacks not cancelled, sorted by deadline, then by scheduling order.
        const expected = scheduled
          .filter((s) => !s.cancelled)
          .sort((a, b) => a.due - b.due || a.id - b.id)
          .map((s) => s.id);
        expect(fired.map((f) => f.id)).toEqual(expected);
        for (const f of fired) expect(f.at).toBeGreaterThanOrEqual(scheduled[f.id]!.due);
        expect(wheel.size).toBe(0);
        expect(clock.maxArmed).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('a callback that throws does not stop the others; one scheduled from a callback runs too', () => {
    const clock = new ManualClock();
    const wheel = new TimerWheel(clock);
    const ran: string[] = [];
    wheel.after(5, () => {
      ran.push('a');
      throw new Error('boom');
    });
    wheel.after(5, () => {
      ran.push('b');
      wheel.after(0, () => ran.push('c'));
    });
    clock.advance(4);
    expect(ran).toEqual([]);
    clock.advance(5);
    expect(ran).toEqual(['a', 'b', 'c']);
  });
});
