/**
 * A local request rate limit, enforced by each gateway proxy replica on its own and shared by
 * all callers (it is not per client): `requests` per `per`, plus `burst` requests allowed on top
 * in a spike; beyond that, HTTP 429.
 *
 * @example { requests: 100, per: 'Minute', burst: 20 }
 */
export interface RateLimit {
  /** Requests allowed per unit of time: 1 to 2147483647. */
  readonly requests: number;
  /** The unit of time. */
  readonly per: 'Second' | 'Minute' | 'Hour';
  /**
   * Requests allowed above `requests` in a short spike: 0 to 2147483647.
   * @default 0
   */
  readonly burst?: number;
}

/** The intent form of a rate limit: the same fields, `burst` only when given. */
export function rateLimitSpec(limit: RateLimit | undefined): Record<string, unknown> | undefined {
  if (!limit) return undefined;
  return { requests: limit.requests, per: limit.per, ...(limit.burst !== undefined ? { burst: limit.burst } : {}) };
}
