import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRateLimitPolicy, localRateLimit } from '../../../src/compile/traffic/rate-limit-policy.js';
import { MAX_RATE_LIMIT_VALUE, RATE_LIMIT_UNITS, type RateLimitSpec } from '../../../src/intent/rate-limit-schema.js';
import { formatProblem } from '../../../src/contracts/problem.js';
import { validateManifests } from '../../../src/validate/validate-manifests.js';
import { compileDocs, compileValid, findManifest, json } from '../../support/compile-fixtures.js';
import { routeToServer, toolGateway, toolServer } from '../../support/intent-fixtures.js';

const estate = (gatewayLimit?: unknown, routeLimit?: unknown) => [
  toolGateway('tool-gateway', 'tg', gatewayLimit === undefined ? {} : { rateLimit: gatewayLimit }),
  toolServer('team-a', 'weather', { port: 8000 }),
  routeToServer('team-a', 'weather', 'weather', {
    toolGatewayRef: { name: 'tg', namespace: 'tool-gateway' },
    ...(routeLimit === undefined ? {} : { rateLimit: routeLimit }),
  }),
];

const errors = (docs: unknown[]) =>
  compileDocs(docs)
    .problems.filter((p) => p.severity === 'error')
    .map(formatProblem);

describe('rate limits |', () => {
  it('a route limit becomes a local rate limit on its HTTPRoute, burst included', () => {
    const m = compileValid(estate(undefined, { requests: 100, per: 'Minute', burst: 20 }));
    const policy = findManifest(m, 'AgentgatewayPolicy', 'team-a', 'tg-weather-ratelimit');
    expect(json(policy.spec)).toStrictEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'tg-weather' }],
      traffic: { rateLimit: { local: [{ requests: 100, unit: 'Minutes', burst: 20 }] } },
    });
    expect(policy.metadata.labels?.['runtime.agentic-layer.ai/toolroute']).toBe('weather');
  });

  it('a gateway limit targets the Gateway, in its namespace', () => {
    const m = compileValid(estate({ requests: 5, per: 'Second' }));
    const policy = findManifest(m, 'AgentgatewayPolicy', 'tool-gateway', 'tg-ratelimit');
    expect(json(policy.spec)).toStrictEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'tg' }],
      traffic: { rateLimit: { local: [{ requests: 5, unit: 'Seconds' }] } },
    });
  });

  it('emits no rate-limit policy without a rateLimit', () => {
    const names = compileValid(estate()).map((m) => m.metadata.name);
    expect(names.filter((n) => n.endsWith('-ratelimit'))).toStrictEqual([]);
  });

  it('refuses out-of-range and unknown values with the field, the value and what is allowed', () => {
    expect(errors(estate(undefined, { requests: 0, per: 'Minute' }))).toStrictEqual([
      'error: ToolRoute team-a/weather: spec.rateLimit.requests: 0 is too small; the minimum is 1',
    ]);
    // The bad gateway is left out of the estate, so the route's reference to it fails too.
    expect(errors(estate({ requests: 10, per: 'Minutes' }))[0]).toBe(
      'error: ToolGateway tool-gateway/tg: spec.rateLimit.per: "Minutes" is not allowed; allowed: "Second", "Minute", "Hour"',
    );
    expect(errors(estate(undefined, { requests: 10, per: 'Hour', burst: -1 }))).toStrictEqual([
      'error: ToolRoute team-a/weather: spec.rateLimit.burst: -1 is too small; the minimum is 0',
    ]);
    expect(errors(estate(undefined, { requests: 2 ** 31, per: 'Hour' }))).toStrictEqual([
      `error: ToolRoute team-a/weather: spec.rateLimit.requests: ${2 ** 31} is too large; the maximum is ${MAX_RATE_LIMIT_VALUE}`,
    ]);
    expect(errors(estate(undefined, { requests: 1.5, per: 'Hour' }))).toStrictEqual([
      'error: ToolRoute team-a/weather: spec.rateLimit.requests: expected an integer, got a number 1.5',
    ]);
    expect(errors(estate(undefined, { per: 'Hour' }))).toStrictEqual([
      'error: ToolRoute team-a/weather: spec.rateLimit.requests: is required',
    ]);
  });

  it('property: every limit the schema accepts passes the validation gate and keeps its numbers', () => {
    const limit = fc.record(
      {
        requests: fc.integer({ min: 1, max: MAX_RATE_LIMIT_VALUE }),
        per: fc.constantFrom(...RATE_LIMIT_UNITS),
        burst: fc.integer({ min: 0, max: MAX_RATE_LIMIT_VALUE }),
      },
      { requiredKeys: ['requests', 'per'] },
    );
    fc.assert(
      fc.property(limit, fc.constantFrom('Gateway' as const, 'HTTPRoute' as const), (l: RateLimitSpec, kind) => {
        const policy = compileRateLimitPolicy({ name: 'p', namespace: 'ns', labels: {} }, { kind, name: 't' }, l);
        expect(validateManifests([{ manifest: policy, provenance: undefined }])).toStrictEqual([]);
        const entry = localRateLimit(l);
        expect(entry.requests).toBe(l.requests);
        expect(entry.burst).toBe(l.burst);
        // An independent oracle for the unit: agentgateway's plural of ours.
        expect(entry.unit).toBe(`${l.per}s`);
      }),
      { numRuns: 200 },
    );
  });
});
