import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reservedLabel, reservedLabelProblem, RESERVED_LABELS } from '../../src/contracts/reserved-labels.js';
import type { Manifest } from '../../src/contracts/manifest.js';
import { compileValid } from '../support/compile-fixtures.js';
import { guard, presidioProvider, routeToServer, routeToUrl, toolGateway, toolServer } from '../support/intent-fixtures.js';

/** Every label key a compiled object selects pods or objects by (matchLabels and Service selectors). */
function selectorKeys(manifests: readonly Manifest[]): Set<string> {
  const keys = new Set<string>();
  const walk = (node: unknown, parentKey: string | undefined, kind: string) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, parentKey, kind);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      // A namespaceSelector selects Namespace labels, which no intent sets (the Namespace documents
      // are read, never emitted); every other selector selects labels of objects we emit.
      if (k === 'namespaceSelector') continue;
      if (k === 'matchLabels' && v && typeof v === 'object') for (const key of Object.keys(v)) keys.add(key);
      if (k === 'selector' && kind === 'Service' && parentKey === 'spec' && v && typeof v === 'object') {
        for (const key of Object.keys(v)) keys.add(key);
      }
      walk(v, k, kind);
    }
  };
  for (const m of manifests) walk(m, undefined, m.kind);
  return keys;
}

describe('reservedLabel |', () => {
  it('covers exactly the keys and prefixes our selectors and the runtime rely on', () => {
    const cases: Array<[string, boolean]> = [
      ['app', true],
      ['app.kubernetes.io/name', true],
      ['app.kubernetes.io/managed-by', true],
      ['gateway.networking.k8s.io/gateway-name', true],
      ['gateway.networking.k8s.io/anything', true],
      ['runtime.agentic-layer.ai/toolserver', true],
      ['runtime.agentic-layer.ai/guard', true],
      ['k8s-app', true],
      ['App', false],
      ['apps', false],
      ['app.kubernetes.io/part-of', false],
      ['app.kubernetes.io/component', false],
      ['example.com/app', false],
      ['team', false],
      ['x.gateway.networking.k8s.io/gateway-name', false],
    ];
    for (const [key, reserved] of cases) expect(reservedLabel(key) !== undefined, key).toBe(reserved);
  });

  it('names the label, why it is reserved and which keys are, in lowercase', () => {
    const message = reservedLabelProblem('gateway.networking.k8s.io/gateway-name')!;
    expect(message).toContain('label "gateway.networking.k8s.io/gateway-name" is reserved: ');
    expect(message).toContain("select a gateway's proxy pods by gateway.networking.k8s.io/gateway-name");
    expect(message).toContain(
      'reserved: app, app.kubernetes.io/name, app.kubernetes.io/managed-by, k8s-app, gateway.networking.k8s.io/*, runtime.agentic-layer.ai/*',
    );
    expect(reservedLabelProblem('team')).toBeUndefined();
  });

  it('escapes a key with control characters rather than echoing it raw', () => {
    expect(reservedLabelProblem('runtime.agentic-layer.ai/\u001b[2J')).toContain('"runtime.agentic-layer.ai/\\u001b[2J"');
  });

  it('reserves every key under a reserved prefix', () => {
    for (const r of RESERVED_LABELS.filter((x) => x.prefix)) {
      fc.assert(fc.property(fc.string(), (rest) => reservedLabel(`${r.key}${rest}`) === r));
    }
  });

  it('reserves every label key a compiled selector uses', () => {
    const manifests = compileValid([
      toolGateway('tool-gateway', 'shared', { guardrails: [{ name: 'pii', namespace: 'tool-gateway' }] }),
      guard('tool-gateway', 'pii', { mode: ['pre_call'], providerRef: { name: 'presidio' }, replicas: 2 }),
      presidioProvider('tool-gateway'),
      toolServer('team-a', 'weather'),
      routeToServer('team-a', 'weather', 'weather'),
      routeToUrl('team-a', 'github', 'https://api.example.com/mcp'),
    ]);
    const keys = selectorKeys(manifests);
    // The walk must have found the selectors of every kind of workload, or it proves nothing.
    expect([...keys].sort()).toStrictEqual(['app', 'app.kubernetes.io/name', 'gateway.networking.k8s.io/gateway-name', 'k8s-app']);
    for (const key of keys) expect(reservedLabel(key), key).toBeDefined();
  });
});
