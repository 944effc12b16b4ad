import { describe, expect, test } from 'vitest';
import type { Manifest } from '../../src/contracts/manifest.js';
import type { KindSchema, SchemaRegistry } from '../../src/validate/schema-registry.js';
import { validateStructure } from '../../src/validate/structural-validator.js';
import * as fx from '../support/valid-manifests.js';

/** Problems for one object as `field: message` lines, errors and warnings alike. */
function check(manifest: Manifest, registry?: SchemaRegistry): string[] {
  return validateStructure([{ manifest }], registry).map((p) => `${p.severity} ${p.field ?? '-'}: ${p.message}`);
}

/** Shorthand for editing a fixture in place. */
function edit<T extends Manifest>(m: T, f: (m: any) => void): T {
  f(m);
  return m;
}

describe('validateStructure |', () => {
  test.each(fx.validObjects().map((m) => [`${m.kind} ${m.metadata.name}`, m] as const))('accepts a valid %s', (_, m) => {
    expect(check(m)).toEqual([]);
  });

  test('accepts a Deployment cpu quantity given as a JSON number (Go decodes it)', () => {
    const d = edit(fx.deployment(), (m) => (m.spec.template.spec.containers[0].resources.requests.cpu = 0.25));
    expect(check(d)).toEqual([]);
  });

  test('fails an unknown field, suggesting the closest allowed one', () => {
    const b = edit(fx.backend(), (m) => (m.spec.mcp.failureModee = 'FailOpen'));
    expect(check(b)).toEqual([
      'error spec.mcp.failureModee: unknown field "failureModee" (did you mean "failureMode"?); allowed fields here: failureMode, prefixMode, sessionRouting, targets',
    ]);
  });

  test('fails an unknown field in a closed empty object', () => {
    const b = edit(fx.backend(), (m) => (m.spec.mcp.targets[0].static.policies = { auth: { passthrough: { mode: 'x' } } }));
    expect(check(b)).toEqual([
      'error spec.mcp.targets[0].static.policies.auth.passthrough.mode: unknown field "mode"; this object takes no fields',
    ]);
  });

  test('fails unknown metadata fields of a custom resource, but knows the real ObjectMeta fields', () => {
    const g = edit(fx.gateway(), (m) => {
      m.metadata.labels = { app: 'x' };
      m.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'X', name: 'y', uid: 'z' }];
      m.metadata.label = { app: 'x' };
    });
    expect(check(g)).toEqual([
      'error metadata.label: unknown field "label" (did you mean "labels"?); allowed fields here: annotations, creationTimestamp, deletionGracePeriodSeconds, deletionTimestamp, finalizers, generateName, generation, labels, managedFields, name, namespace, ownerReferences, resourceVersion, selfLink, uid',
    ]);
  });

  test('lists at most 15 allowed fields', () => {
    const d = edit(fx.deployment(), (m) => (m.spec.template.spec.containers[0].portz = [80]));
    expect(check(d)).toEqual([
      'error spec.template.spec.containers[0].portz: unknown field "portz" (did you mean "ports"?); allowed fields here: args, command, env, envFrom, image, imagePullPolicy, lifecycle, livenessProbe, name, ports, readinessProbe, resizePolicy, resources, restartPolicy, restartPolicyRules, … (25 in all)',
    ]);
  });

  test('fails a wrong enum value, listing the allowed ones', () => {
    const p = edit(fx.toolFilterPolicy(), (m) => (m.spec.backend.mcp.authorization.action = 'allow'));
    expect(check(p)).toEqual([
      'error spec.backend.mcp.authorization.action: unsupported value "allow"; allowed values: "Allow", "Deny", "Require"',
    ]);
    const s = edit(fx.service(), (m) => (m.spec.type = 'Internal'));
    expect(check(s)).toEqual([
      'error spec.type: unsupported value "Internal"; allowed values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });

  test('fails port 0 and port 70000', () => {
    const g = edit(fx.gateway(), (m) => {
      m.spec.listeners[0].port = 0;
      m.spec.listeners.push({ name: 'https', protocol: 'HTTP', port: 70000 });
    });
    expect(check(g)).toEqual([
      'error spec.listeners[0].port: value 0 is too small; minimum is 1',
      'error spec.listeners[1].port: value 70000 is too large; maximum is 65535',
    ]);
  });

  test('accepts an integer or a string where int-or-string is allowed, and nothing else', () => {
    const ok = edit(fx.service(), (m) => m.spec.ports.push({ name: 'http', port: 8080, targetPort: 'http' }));
    expect(check(ok)).toEqual([]);
    const bad = edit(fx.service(), (m) => (m.spec.ports[0].targetPort = true));
    expect(check(bad)).toEqual(['error spec.ports[0].targetPort: value true is a boolean; expected an integer or a string']);
    const fraction = edit(fx.parameters(), (m) => (m.spec.resources = { limits: { cpu: 0.5 } }));
    expect(check(fraction)).toEqual(['error spec.resources.limits.cpu: value 0.5 is a number; expected an integer or a string']);
  });

  test('fails a missing required field, naming the field', () => {
    const r = edit(fx.httpRoute(), (m) => delete m.spec.parentRefs[0].name);
    expect(check(r)).toEqual(['error spec.parentRefs[0].name: required field "name" is missing']);
    const b = edit(fx.backend(), (m) => delete m.spec.mcp.targets[0].static.port);
    expect(check(b)).toEqual(['error spec.mcp.targets[0].static.port: required field "port" is missing']);
  });

  test('fails a wrong type', () => {
    const r = edit(fx.httpRoute(), (m) => (m.spec.rules[0].matches[0].path.value = 5));
    expect(check(r)).toEqual(['error spec.rules[0].matches[0].path.value: value 5 is an integer; expected a string']);
    const d = edit(fx.deployment(), (m) => (m.spec.replicas = 1.5));
    expect(check(d)).toEqual(['error spec.replicas: value 1.5 is a number; expected an integer']);
  });

  test('fails an integer outside int32', () => {
    const d = edit(fx.deployment(), (m) => (m.spec.template.spec.containers[0].ports[0].containerPort = 3_000_000_000));
    expect(check(d)).toEqual([
      'error spec.template.spec.containers[0].ports[0].containerPort: value 3000000000 does not fit in int32; allowed range is -2147483648 to 2147483647',
    ]);
  });

  test('fails a pattern mismatch, e.g. an MCP target name with "_"', () => {
    const b = edit(fx.backend(), (m) => (m.spec.mcp.targets[0].name = 'mcp_target'));
    expect(check(b)).toEqual([
      'error spec.mcp.targets[0].name: value "mcp_target" does not match the required pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    ]);
  });

  test('fails too long and too short strings, and too many or too few items', () => {
    const g = edit(fx.gateway(), (m) => (m.spec.gatewayClassName = 'c'.repeat(254)));
    expect(check(g)).toEqual([
      `error spec.gatewayClassName: value "${'c'.repeat(78)}… is too long (254 characters); maximum length is 253`,
    ]);
    const p = edit(fx.toolFilterPolicy(), (m) => {
      m.spec.backend.mcp.authorization.policy.matchExpressions = [''];
      m.spec.targetRefs = [];
    });
    expect(check(p)).toEqual([
      'error spec.backend.mcp.authorization.policy.matchExpressions[0]: value "" is too short (0 characters); minimum length is 1',
      'error spec.targetRefs: list has 0 items; at least 1 required',
    ]);
  });

  test('fails duplicate keys in an x-kubernetes-list-type: map list', () => {
    const g = edit(fx.gateway(), (m) => m.spec.listeners.push({ name: 'http', protocol: 'HTTP', port: 8080 }));
    expect(check(g)).toEqual([
      'error spec.listeners[1]: duplicate entry with name "http" (same as index 0); entries are keyed by name and must be unique',
    ]);
  });

  test('fails duplicate values in an x-kubernetes-list-type: set list', () => {
    const r = edit(fx.httpRoute(), (m) => {
      m.spec.rules[0].filters = [{ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['x-debug', 'x-trace', 'x-debug'] } }];
    });
    expect(check(r)).toEqual([
      'error spec.rules[0].filters[0].requestHeaderModifier.remove[2]: duplicate value "x-debug" (same as index 0); values of this list must be unique',
    ]);
  });

  test('applies schema defaults before checking, as the API server does', () => {
    // Without `type: IPAddress` filled in, this address would match both branches of the oneOf.
    const g = edit(fx.gateway(), (m) => (m.spec.addresses = [{ value: '10.0.0.1' }]));
    expect(check(g)).toEqual([]);
    const manifest = fx.gateway();
    validateStructure([{ manifest }]);
    expect(manifest).toEqual(fx.gateway()); // the caller's object is not touched
  });

  test('explains a oneOf that no branch matches', () => {
    const g = edit(fx.gateway(), (m) => (m.spec.addresses = [{ type: 'IPAddress', value: 'not-an-ip' }]));
    expect(check(g)).toEqual([
      'error spec.addresses[0]: value {"type":"IPAddress","value":"not-an-ip"} matches none of the allowed forms: value must be an IPv4 address; or value must be an IPv6 address; or type must not be one of "IPAddress"',
    ]);
  });

  test('allows anything under x-kubernetes-preserve-unknown-fields', () => {
    const p = edit(fx.parameters(), (m) => {
      m.spec.rawConfig = { binds: [{ port: 3000, listeners: [{ routes: [] }] }], anything: { goes: true } };
      m.spec.deployment.spec.template.spec.nodeSelector = { disk: 'ssd' };
    });
    expect(check(p)).toEqual([]);
  });

  test('warns about a null field, which the API server drops instead of storing', () => {
    const b = edit(fx.backend(), (m) => (m.spec.mcp.failureMode = null));
    expect(check(b)).toEqual([
      'warning spec.mcp.failureMode: value null is dropped by the API server (the field is not nullable); leave the field out instead',
    ]);
  });

  test('reports every problem of an object, not just the first', () => {
    const b = edit(fx.backend(), (m) => {
      m.spec.mcp.failureMode = 'Open';
      m.spec.mcp.targets[0].static.protocol = 'HTTP';
      m.spec.mcp.targets[0].static.port = 0;
    });
    expect(check(b)).toEqual(
      [
        'error spec.mcp.failureMode: unsupported value "Open"; allowed values: "FailClosed", "FailOpen"',
        'error spec.mcp.targets[0].static.port: value 0 is too small; minimum is 1',
        'error spec.mcp.targets[0].static.protocol: unsupported value "HTTP"; allowed values: "SSE", "StreamableHTTP"',
      ].sort(),
    );
  });

  test('warns, without failing, about an object whose kind has no schema', () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'x' } };
    expect(validateStructure([{ manifest: widget }])).toEqual([
      {
        severity: 'warning',
        message: 'no schema known for example.com/v1 Widget, not validated',
        object: { kind: 'Widget', namespace: 'x', name: 'w' },
      },
    ]);
    const oldRoute = { ...fx.httpRoute(), apiVersion: 'gateway.networking.k8s.io/v1alpha2' };
    expect(check(oldRoute)).toEqual([
      'warning -: no schema known for gateway.networking.k8s.io/v1alpha2 HTTPRoute (schemas exist for gateway.networking.k8s.io/v1, gateway.networking.k8s.io/v1beta1), not validated',
    ]);
  });

  test('names the manifest and, with provenance, the intent it came from', () => {
    const b = edit(fx.backend(), (m) => (m.spec.mcp.failureMode = 'Open'));
    const origin = { file: 'estate.yaml', line: 12 };
    const problems = validateStructure([
      { manifest: b, provenance: { intent: { kind: 'ToolRoute', namespace: 'team-a', name: 'weather' }, origin } },
    ]);
    expect(problems).toEqual([
      {
        severity: 'error',
        object: { kind: 'AgentgatewayBackend', namespace: 'team-a', name: 'tg-weather' },
        field: 'spec.mcp.failureMode',
        message: 'unsupported value "Open"; allowed values: "FailClosed", "FailOpen" (generated from ToolRoute team-a/weather)',
        origin,
      },
    ]);
  });

  describe('Kubernetes schema markers and formats |', () => {
    /** A one-kind registry, to exercise markers the pinned CRDs do not use. */
    function registryWith(spec: Record<string, unknown>): SchemaRegistry {
      const kind: KindSchema = {
        apiVersion: 'example.com/v1',
        kind: 'Thing',
        scope: 'Namespaced',
        fromCrd: true,
        schema: {
          type: 'object',
          properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec },
        },
      };
      return {
        lookup: (a, k) => (a === kind.apiVersion && k === kind.kind ? kind : undefined),
        scope: () => 'Namespaced',
        versionsOf: () => [],
      };
    }
    const thing = (spec: unknown): Manifest => ({
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 't', namespace: 'x' },
      spec,
    });

    test('a field named like an Object method is an ordinary field, checked as any other', () => {
      const registry = registryWith({ type: 'object', properties: { a: { type: 'string' } } });
      expect(check(thing({ constructor: null }), registry)).toEqual([
        'error spec.constructor: unknown field "constructor"; allowed fields here: a',
      ]);
      // Map values large enough to be compiled as a chunk of their own.
      const big = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`field${i}`, { type: 'string' }]));
      const maps = registryWith({
        type: 'object',
        properties: { byName: { type: 'object', additionalProperties: { type: 'object', properties: big } } },
      });
      expect(check(thing({ byName: { constructor: { field1: 5 } } }), maps)).toEqual([
        'error spec.byName.constructor.field1: value 5 is an integer; expected a string',
      ]);
    });

    test('escapes control characters in an unknown field name instead of echoing them', () => {
      const registry = registryWith({ type: 'object', properties: { a: { type: 'string' } } });
      expect(check(thing({ '\u001b[2Ja': 'x' }), registry)).toEqual([
        'error spec["\\u001b[2Ja"]: unknown field "\\u001b[2Ja"; allowed fields here: a',
      ]);
    });

    test('x-kubernetes-embedded-resource accepts apiVersion, kind and metadata', () => {
      const registry = registryWith({
        type: 'object',
        properties: { template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { data: { type: 'string' } } } },
      });
      expect(check(thing({ template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: 'x' } }), registry)).toEqual([]);
      expect(check(thing({ template: { kind: 'ConfigMap', extra: 1 } }), registry)).toEqual([
        'error spec.template.extra: unknown field "extra"; allowed fields here: apiVersion, data, kind, metadata',
      ]);
    });

    test('checks uri and date-time, and ignores formats the API server does not check', () => {
      const registry = registryWith({
        type: 'object',
        properties: {
          url: { type: 'string', format: 'uri' },
          at: { type: 'string', format: 'date-time' },
          secret: { type: 'string', format: 'password' },
        },
      });
      expect(check(thing({ url: 'https://example.com/x', at: '2026-01-02T03:04:05Z', secret: 'anything' }), registry)).toEqual([]);
      expect(check(thing({ url: 'example.com x', at: 'yesterday' }), registry)).toEqual([
        'error spec.at: value "yesterday" is not a valid date-time; expected an RFC 3339 date-time such as "2006-01-02T15:04:05Z"',
        'error spec.url: value "example.com x" is not a valid uri; expected an absolute URI such as "https://example.com/path" or an absolute path',
      ]);
    });

    test('x-kubernetes-list-type: map compares all list-map keys', () => {
      const registry = registryWith({
        type: 'object',
        properties: {
          ports: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['port', 'protocol'],
            items: { type: 'object', properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } } },
          },
        },
      });
      expect(check(thing({ ports: [{ port: 80 }, { port: 80, protocol: 'UDP' }] }), registry)).toEqual([]);
      expect(check(thing({ ports: [{ port: 80 }, { port: 80, protocol: 'TCP' }] }), registry)).toEqual([
        'error spec.ports[1]: duplicate entry with port 80, protocol "TCP" (same as index 0); entries are keyed by (port, protocol) and must be unique',
      ]);
    });
  });
});
