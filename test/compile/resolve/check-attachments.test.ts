import { describe, expect, test } from 'vitest';
import { gatewayAdmitsRoute } from '../../../src/compile/resolve/check-attachments.js';
import { admitsNamespace } from '../../../src/compile/resolve/namespace-consent.js';
import { formatProblem } from '../../../src/contracts/problem.js';
import { errorsOf, estateOf } from '../../support/intent-fixtures.js';
import { compileDocs } from '../../support/compile-fixtures.js';

const API = 'runtime.agentic-layer.ai/v1alpha1';
const ns = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const gateway = (spec: Record<string, unknown> = {}) => ({
  apiVersion: API,
  kind: 'ToolGateway',
  metadata: { name: 'tg', namespace: 'tool-gateway' },
  spec,
});
const server = (namespace: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: API,
  kind: 'ToolServer',
  metadata: { name: 'tools', namespace },
  spec: { image: 'x', ...spec },
});
const route = (namespace: string, serverNamespace?: string) => ({
  apiVersion: API,
  kind: 'ToolRoute',
  metadata: { name: 'r', namespace },
  spec: {
    upstream: serverNamespace
      ? { toolServerRef: { name: 'tools', namespace: serverNamespace } }
      : { external: { url: 'https://mcp.example.com/mcp' } },
  },
});
function messages(docs: unknown[]): string[] {
  const input = errorsOf(estateOf(docs).problems);
  return (input.length > 0 ? input : errorsOf(compileDocs(docs).problems)).map(formatProblem);
}

/** Namespaces of the consent cases, with the labels their selectors match on. */
const LABELS = new Map<string, Record<string, string>>([
  ['target-ns', {}],
  ['source-ns', {}],
  ['labeled-ns', { 'shared-access': 'true', team: 'platform' }],
  ['empty-labels-ns', {}],
  ['restricted-ns', { restricted: 'true' }],
]);
const sel = (selector: Record<string, unknown>) => ({ from: 'Selector' as const, selector });

describe('admitsNamespace | ToolServer and Guard consent (kagent semantics)', () => {
  test.each([
    [1, undefined, 'target-ns', true],
    [2, undefined, 'source-ns', false],
    [3, { from: 'Same' as const }, 'target-ns', true],
    [4, { from: 'Same' as const }, 'source-ns', false],
    [7, { from: 'All' as const }, 'source-ns', true],
    [8, { from: 'All' as const }, 'target-ns', true],
    [9, sel({ matchLabels: { 'shared-access': 'true' } }), 'labeled-ns', true],
    [10, sel({ matchLabels: { 'shared-access': 'true' } }), 'source-ns', false],
    [11, sel({ matchLabels: { 'shared-access': 'true', team: 'platform' } }), 'labeled-ns', true],
    [12, sel({ matchLabels: { 'shared-access': 'true', team: 'other-team' } }), 'labeled-ns', false],
    [13, sel({ matchExpressions: [{ key: 'team', operator: 'In', values: ['platform', 'infra'] }] }), 'labeled-ns', true],
    [14, sel({ matchExpressions: [{ key: 'shared-access', operator: 'Exists' }] }), 'labeled-ns', true],
    [16, sel({ matchExpressions: [{ key: 'restricted', operator: 'DoesNotExist' }] }), 'source-ns', true],
    [17, sel({ matchExpressions: [{ key: 'restricted', operator: 'DoesNotExist' }] }), 'restricted-ns', false],
  ])('case %i: %j from %s → admitted: %s', (_row, consent, source, expected) => {
    const result = admitsNamespace(consent, 'target-ns', source, LABELS);
    expect('allowed' in result && result.allowed).toBe(expected);
  });

  test('a namespace unknown to the compiler is reported, not guessed', () => {
    expect(admitsNamespace(sel({ matchLabels: { 'shared-access': 'true' } }) as never, 'target-ns', 'non-existent-ns', LABELS)).toEqual({
      unknownNamespace: 'non-existent-ns',
    });
  });

  test("the owner's own namespace is always admitted, even by a selector it does not match (kagent semantics, pinned)", () => {
    expect(admitsNamespace(sel({ matchLabels: { nope: 'x' } }) as never, 'target-ns', 'target-ns', LABELS)).toEqual({ allowed: true });
  });
});

describe('gatewayAdmitsRoute | Gateway API listener semantics', () => {
  test('All (the default) admits every namespace', () => {
    expect(gatewayAdmitsRoute(undefined, 'gw', 'source-ns', LABELS)).toEqual({ allowed: true });
  });
  test('Same admits only the gateway namespace', () => {
    const same = { namespaces: { from: 'Same' as const } };
    expect(gatewayAdmitsRoute(same, 'gw', 'gw', LABELS)).toEqual({ allowed: true });
    expect(gatewayAdmitsRoute(same, 'gw', 'source-ns', LABELS)).toMatchObject({ allowed: false });
  });
  test("a selector must match even the gateway's own namespace (unlike kagent; pinned)", () => {
    const selector = { namespaces: sel({ matchLabels: { team: 'platform' } }) } as never;
    expect(gatewayAdmitsRoute(selector, 'target-ns', 'target-ns', LABELS)).toMatchObject({ allowed: false });
    expect(gatewayAdmitsRoute(selector, 'target-ns', 'labeled-ns', LABELS)).toEqual({ allowed: true });
  });
});

describe('checkAttachments | handshakes at build time', () => {
  test('a route from another namespace is rejected by a Same gateway, naming both sides and the rule', () => {
    expect(messages([gateway({ allowedRoutes: { namespaces: { from: 'Same' } } }), route('team-a')])).toEqual([
      'error: ToolRoute team-a/r: spec.toolGatewayRef: ToolGateway tool-gateway/tg does not admit routes from namespace team-a: its allowedRoutes admits only its own namespace (from: Same); its owner must allow it in spec.allowedRoutes',
    ]);
  });

  test('a Selector gateway admits labelled namespaces and compiles the selector into the listener', () => {
    const docs = [
      gateway({ allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { routes: 'yes' } } } } }),
      ns('team-a', { routes: 'yes' }),
      route('team-a'),
    ];
    const { objects, problems } = compileDocs(docs);
    expect(errorsOf(problems)).toEqual([]);
    const gw = objects.find((o) => o.manifest.kind === 'Gateway')!.manifest as any;
    expect(gw.spec.listeners[0].allowedRoutes).toEqual({ namespaces: { from: 'Selector', selector: { matchLabels: { routes: 'yes' } } } });
  });

  test('a Selector gateway with an unknown route namespace is an error', () => {
    expect(
      messages([
        gateway({ allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { routes: 'yes' } } } } }),
        route('team-a'),
      ]),
    ).toEqual([
      'error: ToolRoute team-a/r: spec.toolGatewayRef: ToolGateway tool-gateway/tg admits namespaces by label, but the labels of namespace team-a are unknown; add a v1 Namespace document (or a KnownNamespace) for it',
    ]);
  });

  test('a ToolServer admits only its own namespace by default', () => {
    expect(messages([gateway(), server('team-b'), route('team-a', 'team-b')])).toEqual([
      'error: ToolRoute team-a/r: spec.upstream.toolServerRef: ToolServer team-b/tools does not admit routes from namespace team-a: allowedNamespaces admits only its own namespace (from: Same, the default); its owner must allow it in spec.allowedNamespaces',
    ]);
    expect(messages([gateway(), server('team-a'), route('team-a', 'team-a')])).toEqual([]);
  });

  test('a ToolServer may admit other namespaces by label', () => {
    const consent = { allowedNamespaces: { from: 'Selector', selector: { matchLabels: { tools: 'shared' } } } };
    expect(messages([gateway(), server('team-b', consent), ns('team-a', { tools: 'shared' }), route('team-a', 'team-b')])).toEqual([]);
    expect(messages([gateway(), server('team-b', consent), ns('team-a'), route('team-a', 'team-b')])).toEqual([
      'error: ToolRoute team-a/r: spec.upstream.toolServerRef: ToolServer team-b/tools does not admit routes from namespace team-a: namespace team-a does not match allowedNamespaces.selector; its owner must allow it in spec.allowedNamespaces',
    ]);
  });

  test('selector: {} is rejected with a hint, on gateways and on servers', () => {
    const problems = [
      ...estateOf([gateway({ allowedRoutes: { namespaces: { from: 'Selector', selector: {} } } })]).problems,
      ...estateOf([server('a', { allowedNamespaces: { from: 'Selector', selector: {} } })]).problems,
    ];
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'spec.allowedRoutes.namespaces.selector: an empty selector matches every namespace; write from: All if that is what you mean',
      'spec.allowedNamespaces.selector: an empty selector matches every namespace; write from: All if that is what you mean',
    ]);
  });
});

describe('consent through a URL | a URL naming a ToolServer Service counts as toolServerRef', () => {
  // team-a's weather server admits only its own namespace (from: Same, the default).
  const weather = {
    apiVersion: API,
    kind: 'ToolServer',
    metadata: { name: 'weather', namespace: 'team-a' },
    spec: { image: 'x', port: 8000 },
  };
  const urlRoute = (namespace: string, url: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: API,
    kind: 'ToolRoute',
    metadata: { name: 'r', namespace },
    spec: { upstream: { external: { url } }, ...extra },
  });
  const refRoute = {
    apiVersion: API,
    kind: 'ToolRoute',
    metadata: { name: 'r', namespace: 'team-b' },
    spec: { upstream: { toolServerRef: { name: 'weather', namespace: 'team-a' } } },
  };
  const REFUSAL =
    'ToolServer team-a/weather does not admit routes from namespace team-b: allowedNamespaces admits only its own namespace (from: Same, the default); its owner must allow it in spec.allowedNamespaces';

  test('toolServerRef from another namespace is refused (the baseline)', () => {
    expect(messages([gateway(), weather, refRoute])).toStrictEqual([`error: ToolRoute team-b/r: spec.upstream.toolServerRef: ${REFUSAL}`]);
  });

  test.each([
    'http://weather.team-a.svc.cluster.local:8000/mcp',
    'http://weather.team-a.svc.cluster.local.:8000/mcp',
    'http://weather.team-a.svc:8000/mcp',
    'http://weather.team-a:8000/mcp',
    'http://WEATHER.Team-A.SVC.Cluster.Local:8000/mcp',
    'https://weather.team-a.svc.cluster.local:8000/mcp',
  ])('%s from team-b is refused exactly like toolServerRef', (url) => {
    expect(messages([gateway(), weather, urlRoute('team-b', url)])).toStrictEqual([
      `error: ToolRoute team-b/r: spec.upstream.external.url: reaches ToolServer team-a/weather through its Service, which counts as toolServerRef: ${REFUSAL}`,
    ]);
  });

  test('a bare Service name resolves in the gateway namespace, where the proxy runs', () => {
    const there = { ...weather, metadata: { name: 'weather', namespace: 'tool-gateway' } };
    expect(messages([gateway(), there, urlRoute('team-b', 'http://weather:8000/mcp')])[0]).toContain(
      'reaches ToolServer tool-gateway/weather through its Service, which counts as toolServerRef: ToolServer tool-gateway/weather does not admit routes from namespace team-b',
    );
  });

  test('is admitted when the server admits the namespace, as toolServerRef would be', () => {
    const open = { ...weather, spec: { ...weather.spec, allowedNamespaces: { from: 'All' } } };
    expect(messages([gateway(), open, urlRoute('team-b', 'http://weather.team-a.svc.cluster.local:8000/mcp')])).toStrictEqual([]);
  });

  test('a port the server does not serve is an error that points at toolServerRef', () => {
    expect(messages([gateway(), weather, urlRoute('team-a', 'http://weather.team-a.svc:9000/mcp')])).toStrictEqual([
      'error: ToolRoute team-a/r: spec.upstream.external.url: reaches the Service of ToolServer team-a/weather, which serves port 8000, not 9000; write spec.upstream.toolServerRef: {name: weather, namespace: team-a} instead of the URL',
    ]);
  });
});
