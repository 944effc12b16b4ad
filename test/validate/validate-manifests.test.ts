import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatProblem } from '../../src/contracts/problem.js';
import type { EmittedObject } from '../../src/contracts/manifest.js';
import { validateManifests } from '../../src/validate/validate-manifests.js';
import * as fx from '../support/valid-manifests.js';

const weather = { intent: { kind: 'ToolRoute', namespace: 'team-a', name: 'weather' }, origin: { file: 'estate.yaml', line: 14 } };

/** A small estate with one mistake of each sort, in no particular order. */
function brokenEstate(): EmittedObject[] {
  const backend = fx.backend() as any;
  backend.spec.mcp.failureModee = 'FailOpen';
  backend.spec.mcp.targets[0].name = 'weather_tool';
  const route = fx.httpRoute() as any;
  route.metadata.labels = { team: 'a team' };
  const gateway = fx.gateway() as any;
  gateway.spec.listeners[0].port = 0;
  return [
    { manifest: fx.service() },
    { manifest: route, provenance: weather },
    { manifest: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'team-a' } } },
    { manifest: backend, provenance: weather },
    { manifest: gateway },
    { manifest: fx.service() },
  ];
}

describe('validateManifests |', () => {
  test('passes the valid objects of every kind we emit', () => {
    expect(validateManifests(fx.validObjects().map((manifest) => ({ manifest })))).toEqual([]);
  });

  test('reports object rules and schema problems together, sorted by object then field', () => {
    expect(validateManifests(brokenEstate()).map(formatProblem)).toEqual([
      'estate.yaml:14: error: AgentgatewayBackend team-a/tg-weather: spec.mcp.failureModee: unknown field "failureModee" (did you mean "failureMode"?); allowed fields here: failureMode, prefixMode, sessionRouting, targets (generated from ToolRoute team-a/weather)',
      'estate.yaml:14: error: AgentgatewayBackend team-a/tg-weather: spec.mcp.targets[0].name: value "weather_tool" does not match the required pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ (generated from ToolRoute team-a/weather)',
      'error: Gateway tool-gateway/tg: spec.listeners[0].port: value 0 is too small; minimum is 1',
      "estate.yaml:14: error: HTTPRoute team-a/tg-weather: metadata.labels.team: label value \"a team\" is invalid: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or leave it empty (generated from ToolRoute team-a/weather)",
      'error: Service guards/pii-adapter: metadata.name: duplicate object: Service guards/pii-adapter (core group) is also emitted as object #1; names must be unique per group, kind and namespace',
      'warning: Widget team-a/w: no schema known for example.com/v1 Widget, not validated',
    ]);
  });

  test('sets the problem origin from the provenance', () => {
    const [problem] = validateManifests([
      { manifest: { ...fx.configMap(), metadata: { name: 'x_y', namespace: 'guards' } }, provenance: weather },
    ]);
    expect(problem).toEqual({
      severity: 'error',
      object: { kind: 'ConfigMap', namespace: 'guards', name: 'x_y' },
      field: 'metadata.name',
      message:
        'name is not a DNS-1123 subdomain; use lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit (generated from ToolRoute team-a/weather)',
      origin: { file: 'estate.yaml', line: 14 },
    });
  });

  test('gives the same result whatever the input order', () => {
    const forward = validateManifests(brokenEstate());
    const reversed = validateManifests(brokenEstate().reverse());
    // Only the duplicate's message differs: it names the position of the first copy.
    expect(reversed.map((p) => [p.object, p.field])).toEqual(forward.map((p) => [p.object, p.field]));
  });

  test('never throws, and gives every problem an object and a message, whatever the spec holds', () => {
    const kinds = fx.validObjects();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: kinds.length - 1 }),
        fc.jsonValue(),
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
        (i, value, path) => {
          const manifest = structuredClone(kinds[i]) as any;
          let node = manifest;
          for (const key of ['spec', ...path]) {
            // Own properties only: a generated key may be "__proto__", and following the inherited
            // accessor would write into Object.prototype and leak into every later test.
            if (!Object.hasOwn(node, key) || typeof node[key] !== 'object' || node[key] === null) {
              Object.defineProperty(node, key, { value: {}, enumerable: true, writable: true, configurable: true });
            }
            node = node[key];
          }
          node.injected = value;
          for (const p of validateManifests([{ manifest }])) {
            expect(p.object?.name).toBe(kinds[i]!.metadata.name);
            expect(p.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
