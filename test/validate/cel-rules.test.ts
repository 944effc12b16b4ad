import { describe, expect, test } from 'vitest';
import { formatProblem } from '../../src/contracts/problem.js';
import type { EmittedObject, Manifest } from '../../src/contracts/manifest.js';
import { validateCelRules } from '../../src/validate/cel-validator.js';
import { defaultSchemaRegistry } from '../../src/validate/schema-registry.js';
import { checkObjectStructure } from '../../src/validate/structural-validator.js';
import { validateManifests } from '../../src/validate/validate-manifests.js';
import * as fx from '../support/valid-manifests.js';
import { plainText } from '../../src/contracts/value-text.js';

/** The whole gate over one object, as one line per problem. */
function gate(manifest: Manifest, provenance?: EmittedObject['provenance']): string[] {
  return validateManifests([{ manifest, provenance }]).map(formatProblem);
}

/**
 * Only the CEL step, on the defaulted copy, even when the structure is wrong: for rules that a structural
 * check always catches first (so the gate never shows them), to prove the rule itself is evaluated right.
 */
function celOnly(manifest: Manifest): string[] {
  const obj = { manifest };
  const structure = checkObjectStructure(obj, defaultSchemaRegistry());
  if (!structure.kind) throw new Error('no schema');
  return validateCelRules(obj, structure.kind, structure.defaulted).map(formatProblem);
}

function mutate(manifest: Manifest, change: (m: any) => void): Manifest {
  const copy = structuredClone(manifest) as any;
  change(copy);
  return copy;
}

describe('CEL rules of the pinned CRDs |', () => {
  test('the valid objects of every kind we emit break no rule', () => {
    expect(validateManifests(fx.validObjects().map((manifest) => ({ manifest })))).toEqual([]);
  });

  test('Gateway: duplicate listener names are caught by the list-map key first, and by the CEL rule too', () => {
    const gateway = mutate(fx.gateway(), (m) => m.spec.listeners.push({ ...m.spec.listeners[0], port: 8080 }));
    // The gate stops at the structural error and does not run CEL on an object with a broken shape.
    expect(gate(gateway)).toEqual([
      'error: Gateway tool-gateway/tg: spec.listeners[1]: duplicate entry with name "http" (same as index 0); entries are keyed by name and must be unique',
    ]);
    expect(celOnly(gateway)).toEqual(['error: Gateway tool-gateway/tg: spec.listeners: Listener name must be unique within the Gateway']);
  });

  test('Gateway: two listeners on the same port, protocol and hostname', () => {
    const gateway = mutate(fx.gateway(), (m) => m.spec.listeners.push({ ...m.spec.listeners[0], name: 'http-2' }));
    expect(gate(gateway)).toEqual([
      'error: Gateway tool-gateway/tg: spec.listeners: Combination of port, protocol and hostname must be unique for each listener',
    ]);
  });

  test("HTTPRoute: a path containing '//'", () => {
    const route = mutate(fx.httpRoute(), (m) => (m.spec.rules[0].matches[0].path.value = '/team-a//weather/mcp'));
    const weather = { intent: { kind: 'ToolRoute', namespace: 'team-a', name: 'weather' }, origin: { file: 'estate.yaml', line: 3 } };
    expect(gate(route, weather)).toEqual([
      "estate.yaml:3: error: HTTPRoute team-a/tg-weather: spec.rules[0].matches[0].path: must not contain '//' when type one of ['Exact', 'PathPrefix'] (generated from ToolRoute team-a/weather)",
    ]);
  });

  test('HTTPRoute: a backendRef to a core Service needs a port (group and kind come from the defaults)', () => {
    const route = mutate(fx.httpRoute(), (m) => (m.spec.rules[0].backendRefs = [{ name: 'weather' }]));
    expect(gate(route)).toEqual(['error: HTTPRoute team-a/tg-weather: spec.rules[0].backendRefs[0]: Must have port for Service reference']);
    const withPort = mutate(route, (m) => (m.spec.rules[0].backendRefs[0].port = 8000));
    expect(gate(withPort)).toEqual([]);
  });

  test('AgentgatewayPolicy: an extProc backendRef to a Service without a port', () => {
    const policy = mutate(fx.guardrailPolicy(), (m) => delete m.spec.traffic.extProc.backendRef.port);
    expect(gate(policy)).toEqual([
      'error: AgentgatewayPolicy tool-gateway/tg-guardrail: spec.traffic.extProc.backendRef: Must have port for Service reference',
    ]);
  });

  test('AgentgatewayPolicy: targetRefs of two kinds', () => {
    const policy = mutate(fx.toolFilterPolicy(), (m) =>
      m.spec.targetRefs.push({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'tg' }),
    );
    expect(gate(policy)).toEqual([
      'error: AgentgatewayPolicy team-a/tg-weather-toolfilter: spec.targetRefs: Only one Kind of targetRef can be set on one policy',
    ]);
  });

  test('AgentgatewayPolicy: neither targetRefs nor targetSelectors', () => {
    const policy = mutate(fx.guardrailPolicy(), (m) => delete m.spec.targetRefs);
    expect(gate(policy)).toEqual([
      'error: AgentgatewayPolicy tool-gateway/tg-guardrail: spec: exactly one of the fields in [targetRefs targetSelectors] must be set',
    ]);
  });

  test('AgentgatewayBackend: both mcp and static', () => {
    const backend = mutate(fx.backend(), (m) => (m.spec.static = { host: 'weather.team-a.svc.cluster.local', port: 8000 }));
    expect(gate(backend)).toEqual([
      'error: AgentgatewayBackend team-a/tg-weather: spec: exactly one of the fields in [ai static dynamicForwardProxy mcp aws a2a] must be set',
    ]);
  });

  test('AgentgatewayBackend: an MCP target name with "_" is a pattern error, so CEL does not run', () => {
    const backend = mutate(fx.backend(), (m) => (m.spec.mcp.targets[0].name = 'mcp_target'));
    expect(gate(backend)).toEqual([
      'error: AgentgatewayBackend team-a/tg-weather: spec.mcp.targets[0].name: value "mcp_target" does not match the required pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    ]);
    // No CEL rule is about the name's characters.
    expect(celOnly(backend)).toEqual([]);
  });

  test('AgentgatewayBackend: an MCP target with both host and backendRef', () => {
    const backend = mutate(fx.backend(), (m) => (m.spec.mcp.targets[0].static.backendRef = { name: 'weather' }));
    expect(gate(backend)).toEqual([
      'error: AgentgatewayBackend team-a/tg-weather: spec.mcp.targets[0].static: exactly one of the fields in [host backendRef] must be set',
    ]);
  });

  test('AgentgatewayBackend: an invalid duration fails the regex rule, and the duration() rule cannot be evaluated', () => {
    const backend = mutate(fx.backend(), (m) => (m.spec.policies = { http: { requestTimeout: '5x' } }));
    expect(gate(backend)).toEqual([
      'error: AgentgatewayBackend team-a/tg-weather: spec.policies.http.requestTimeout: CEL rule "duration(self) >= duration(\'1ms\')" could not be evaluated: Failed to parse duration: invalid syntax',
      'error: AgentgatewayBackend team-a/tg-weather: spec.policies.http.requestTimeout: invalid duration value',
    ]);
  });

  test('AgentgatewayBackend: durations below the minimum, and valid ones', () => {
    const timeouts = (requestTimeout: string, connectTimeout: string): Manifest =>
      mutate(fx.backend(), (m) => (m.spec.policies = { http: { requestTimeout }, tcp: { connectTimeout } }));
    expect(gate(timeouts('0s', '99ms'))).toEqual([
      'error: AgentgatewayBackend team-a/tg-weather: spec.policies.http.requestTimeout: requestTimeout must be at least 1ms',
      'error: AgentgatewayBackend team-a/tg-weather: spec.policies.tcp.connectTimeout: connectTimeout must be at least 100ms',
    ]);
    expect(gate(timeouts('1h30m', '100ms'))).toEqual([]);
  });

  test('AgentgatewayBackend: an empty policies object', () => {
    const backend = mutate(fx.backend(), (m) => (m.spec.policies = {}));
    expect(gate(backend)).toEqual([
      'error: AgentgatewayBackend team-a/tg-weather: spec.policies: at least one of the fields in [ai auth extAuth health http mcp tcp tls transformation tunnel] must be set',
    ]);
  });

  test('HTTPRoute parentRefs: `namespace` is reached as __namespace__', () => {
    const twoParents = (a: string, b: string): Manifest =>
      mutate(
        fx.httpRoute(),
        (m) =>
          (m.spec.parentRefs = [
            { name: 'tg', namespace: a },
            { name: 'tg', namespace: b },
          ]),
      );
    // Different namespaces are different parents; if `namespace` were not bound, both would look the same.
    expect(gate(twoParents('tool-gateway', 'other'))).toEqual([]);
    expect(gate(twoParents('tool-gateway', 'tool-gateway'))).toEqual([
      'error: HTTPRoute team-a/tg-weather: spec.parentRefs: sectionName must be unique when parentRefs includes 2 or more references to the same parent',
    ]);
  });

  test('integers are CEL ints: a request mirror fraction compares numerator and denominator', () => {
    const mirror = (numerator: number, denominator: number): Manifest =>
      mutate(
        fx.httpRoute(),
        (m) =>
          (m.spec.rules[0].filters = [
            { type: 'RequestMirror', requestMirror: { backendRef: { name: 'mirror', port: 80 }, fraction: { numerator, denominator } } },
          ]),
      );
    expect(gate(mirror(5, 3))).toEqual([
      'error: HTTPRoute team-a/tg-weather: spec.rules[0].filters[0].requestMirror.fraction: numerator must be less than or equal to denominator',
    ]);
    expect(gate(mirror(3, 5))).toEqual([]);
  });

  test('int-or-string and the quantity library: http2FrameSize limits', () => {
    const frameSize = (http2FrameSize: number | string): Manifest =>
      mutate(fx.guardrailPolicy(), (m) => {
        delete m.spec.traffic;
        m.spec.frontend = { http: { http2FrameSize } };
      });
    expect(gate(frameSize(1024))).toEqual([
      'error: AgentgatewayPolicy tool-gateway/tg-guardrail: spec.frontend.http.http2FrameSize: http2FrameSize must be at least 16384 bytes',
    ]);
    expect(gate(frameSize('2Mi'))).toEqual([
      'error: AgentgatewayPolicy tool-gateway/tg-guardrail: spec.frontend.http.http2FrameSize: http2FrameSize must be at most 1677215 bytes',
    ]);
    expect(gate(frameSize(16384))).toEqual([]);
    expect(gate(frameSize('16Ki'))).toEqual([]);
  });

  test('an over-long name is still reported (object rule), and CEL still runs on the object', () => {
    const name = `tg-${'w'.repeat(251)}`;
    const backend = mutate(fx.backend(), (m) => {
      m.metadata.name = name;
      m.spec.static = { host: 'weather.team-a.svc.cluster.local', port: 8000 };
    });
    expect(gate(backend)).toEqual([
      `error: AgentgatewayBackend team-a/${plainText(name, 200)}: metadata.name: name is too long (254 characters); a DNS-1123 subdomain has at most 253`,
      `error: AgentgatewayBackend team-a/${plainText(name, 200)}: spec: exactly one of the fields in [ai static dynamicForwardProxy mcp aws a2a] must be set`,
    ]);
  });
});
