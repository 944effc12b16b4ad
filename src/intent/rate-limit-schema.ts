import { z } from 'zod';

/** agentgateway stores `requests` and `burst` as int32. */
export const MAX_RATE_LIMIT_VALUE = 2_147_483_647;

/** The units agentgateway's local rate limit refills by; singular here, to read as `100 per Minute`. */
export const RATE_LIMIT_UNITS = ['Second', 'Minute', 'Hour'] as const;
export type RateLimitUnit = (typeof RATE_LIMIT_UNITS)[number];

/**
 * Extension beyond the upstream CRDs: a local (per proxy replica, shared by all callers) request
 * rate limit, on a ToolGateway (every request through it) or a ToolRoute (requests to that route). `requests`
 * per `per`, refilled at that pace, plus `burst` requests the bucket may hold on top; a request
 * beyond that gets HTTP 429. One schema for every kind that carries a `rateLimit`, so a limit
 * reads and is checked the same wherever it is written. zod's own messages name the bad value
 * and the bound.
 */
export const rateLimitSchema = z.strictObject({
  /** Requests allowed per unit of time. */
  requests: z.int().min(1).max(MAX_RATE_LIMIT_VALUE),
  /** The unit of time. */
  per: z.enum(RATE_LIMIT_UNITS),
  /** Requests allowed above `requests` in a short spike. Default: 0. */
  burst: z.int().min(0).max(MAX_RATE_LIMIT_VALUE).optional(),
});
export type RateLimitSpec = z.infer<typeof rateLimitSchema>;
