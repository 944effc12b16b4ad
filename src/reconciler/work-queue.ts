import { errorMessage, type Logger } from './logger.js';

/**
 * Keys to reconcile, each at most once in the queue and never twice at the same time: a key
 * added while it is being processed runs again afterwards, with whatever changed meanwhile.
 */
export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly order: string[] = [];
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly handler: (key: string) => Promise<void>,
    private readonly log: Logger,
  ) {}

  add(key: string): void {
    if (this.active.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.order.push(key);
    this.pump();
  }

  /** Adds `key` after `ms` (a retry). */
  addAfter(key: string, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.add(key);
    }, ms);
    this.timers.add(t);
  }

  /** Starts processing (keys may be added before). */
  start(): void {
    this.running = true;
    this.pump();
  }

  /** Stops taking keys; resolves once the ones in flight are done. */
  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.active.size > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  get length(): number {
    return this.order.length + this.active.size;
  }

  private pump(): void {
    while (this.running && this.active.size < this.concurrency && this.order.length > 0) {
      const key = this.order.shift() as string;
      this.queued.delete(key);
      this.active.add(key);
      this.handler(key)
        .catch((e: unknown) => this.log.error('reconcile failed', { key, error: errorMessage(e) }))
        .finally(() => {
          this.active.delete(key);
          if (this.dirty.delete(key)) this.add(key);
          if (this.active.size === 0) for (const w of this.idleWaiters.splice(0)) w();
          this.pump();
        });
    }
  }
}
