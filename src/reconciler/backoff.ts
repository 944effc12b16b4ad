/**
 * Exponential backoff with full jitter: the n-th delay is uniform in [cap/2, cap] with
 * cap = min(max, base * 2^n), so retries of many clients spread out but never come too soon.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The next delay; each call doubles the ceiling up to the maximum. */
  next(): number {
    const cap = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(cap / 2 + (this.random() * cap) / 2);
  }

  /** After a success: the next failure starts from the base again. */
  reset(): void {
    this.attempt = 0;
  }

  get failures(): number {
    return this.attempt;
  }
}

/**
 * The delay before retrying after `error`: at least the server's Retry-After when it sent one
 * (429, 503), otherwise the backoff's next step.
 */
export function retryDelay(error: unknown, backoff: Backoff): number {
  const step = backoff.next();
  const after = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof after === 'number' && after >= 0 ? Math.max(after, Math.min(step, after + 1000)) : step;
}

/** Resolves after `ms`, or early (without error) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
