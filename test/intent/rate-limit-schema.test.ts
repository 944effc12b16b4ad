import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RATE_LIMIT_VALUE, RATE_LIMIT_UNITS, rateLimitSchema } from '../../src/intent/rate-limit-schema.js';

/** The rule, said independently of zod: whole numbers in range, one of the three units. */
function acceptable(v: { requests: unknown; per: unknown; burst?: unknown }): boolean {
  const whole = (n: unknown, min: number) => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= MAX_RATE_LIMIT_VALUE;
  return whole(v.requests, 1) && (RATE_LIMIT_UNITS as readonly unknown[]).includes(v.per) && (v.burst === undefined || whole(v.burst, 0));
}

describe('rateLimitSchema |', () => {
  it('property: accepts exactly the limits agentgateway can store', () => {
    const number = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.integer({ min: MAX_RATE_LIMIT_VALUE - 2, max: MAX_RATE_LIMIT_VALUE + 2 }),
      fc.double({ noNaN: false }),
      fc.constant('100'),
    );
    const unit = fc.oneof(fc.constantFrom(...RATE_LIMIT_UNITS), fc.constantFrom('Seconds', 'minute', 'Day', ''));
    const limit = fc.record({ requests: number, per: unit, burst: number }, { requiredKeys: ['requests', 'per'] });
    fc.assert(
      fc.property(limit, (v) => {
        expect(rateLimitSchema.safeParse(v).success).toBe(acceptable(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses unknown fields, so a misspelt burst is never ignored', () => {
    const result = rateLimitSchema.safeParse({ requests: 1, per: 'Second', brust: 5 });
    expect(result.success).toBe(false);
  });
});
