import { describe, expect, test } from 'vitest';
import { rateLimitSpec } from '../../src/constructs/rate-limit.js';
import { ToolGateway } from '../../src/constructs/tool-gateway.js';
import { ToolRoute } from '../../src/constructs/tool-route.js';
import { Upstream } from '../../src/constructs/upstream.js';
import { chartIn, testApp } from '../support/construct-app.js';

describe('rateLimitSpec |', () => {
  test('renders the intent fields, burst only when given', () => {
    expect(rateLimitSpec(undefined)).toBeUndefined();
    expect(rateLimitSpec({ requests: 5, per: 'Second' })).toStrictEqual({ requests: 5, per: 'Second' });
    expect(rateLimitSpec({ requests: 100, per: 'Minute', burst: 0 })).toStrictEqual({ requests: 100, per: 'Minute', burst: 0 });
  });

  test('an out-of-range limit is reported with the construct path and field, not thrown', () => {
    const app = testApp();
    const chart = chartIn(app, 'tool-gateway', 'platform');
    new ToolGateway(chart, 'shared', { rateLimit: { requests: 0, per: 'Hour' } });
    new ToolRoute(chart, 'r', {
      upstream: Upstream.external('https://mcp.example.com/mcp'),
      rateLimit: { requests: 1, per: 'Hour', burst: 0.5 },
    });
    const result = app.build();
    expect(result.files).toBeUndefined();
    expect(result.problems.filter((p) => p.severity === 'error').map((p) => `${p.origin?.constructPath}: ${p.field}`)).toStrictEqual([
      'platform/shared: spec.rateLimit.requests',
      'platform/r: spec.rateLimit.burst',
    ]);
  });
});
