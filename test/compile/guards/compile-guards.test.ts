import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { formatProblem } from '../../../src/contracts/problem.js';
import { errorsOf, estateOf } from '../../support/intent-fixtures.js';
import { compileDocs, compileValid, findManifest, identities, withoutRuntime } from '../../support/compile-fixtures.js';

const API = 'runtime.agentic-layer.ai/v1alpha1';
const ns = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const provider = {
  apiVersion: API,
  kind: 'GuardrailProvider',
  metadata: { name: 'presidio', namespace: 'guards' },
  spec: { type: 'presidio-api', presidio: { baseUrl: 'http://presidio:8000', targetPort: 3000 } },
};
const guard = (spec: Record<string, unknown> = {}, name = 'pii', namespace = 'guards') => ({
  apiVersion: API,
  kind: 'Guard',
  metadata: { name, namespace },
  spec: { mode: ['pre_call'], providerRef: { name: 'presidio', namespace: 'guards' }, ...spec },
});
const gateway = (spec: Record<string, unknown> = {}, namespace = 'tool-gateway', name = 'tg') => ({
  apiVersion: API,
  kind: 'ToolGateway',
  metadata: { name, namespace },
  spec,
});
const route = (name: string, namespace: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: API,
  kind: 'ToolRoute',
  metadata: { name, namespace },
  spec: { upstream: { external: { url: 'https://mcp.example.com/mcp' } }, ...spec },
});
const uses = (name = 'pii', namespace = 'guards') => ({ guardrails: [{ name, namespace }] });
/** Error lines as synth prints them: input errors stop the build before compiling, as buildOutput does. */
function messages(docs: unknown[]): string[] {
  const input = errorsOf(estateOf(docs).problems);
  return (input.length > 0 ? input : errorsOf(compileDocs(docs).problems)).map(formatProblem);
}

describe('compileGuards | owner consent across namespaces', () => {
  test('a guard in the gateway namespace needs no consent', () => {
    const out = compileValid(
      [provider, guard({}, 'pii', 'tool-gateway'), gateway(uses('pii', 'tool-gateway'))].map((d) =>
        d.kind === 'GuardrailProvider' ? d : d,
      ),
    );
    expect(identities(out)).toContain('AgentgatewayPolicy tool-gateway/tg-guardrail');
    expect(identities(out).filter((i) => i.startsWith('ReferenceGrant'))).toEqual([]);
  });

  test('rejects a cross-namespace use when the guard admits only its own namespace (the default)', () => {
    expect(messages([provider, guard(), gateway(uses())])).toEqual([
      'error: ToolGateway tool-gateway/tg: spec.guardrails[0]: Guard guards/pii does not admit namespace tool-gateway: allowedNamespaces admits only its own namespace (from: Same, the default); its owner must allow it in spec.allowedNamespaces',
    ]);
  });

  test('from: All admits every namespace and emits a ReferenceGrant for the foreign ones', () => {
    const out = compileValid([provider, guard({ allowedNamespaces: { from: 'All' } }), gateway(uses())]);
    expect(findManifest(out, 'ReferenceGrant', 'guards', 'pii-adapter').spec).toEqual({
      from: [{ group: 'agentgateway.dev', kind: 'AgentgatewayPolicy', namespace: 'tool-gateway' }],
      to: [{ group: '', kind: 'Service', name: 'pii-adapter' }],
    });
  });

  test('a selector admits matching namespaces and rejects others, naming both sides', () => {
    const consent = { allowedNamespaces: { from: 'Selector', selector: { matchLabels: { tier: 'platform' } } } };
    const ok = compileValid([provider, guard(consent), ns('tool-gateway', { tier: 'platform' }), gateway(uses())]);
    expect(identities(ok)).toContain('AgentgatewayPolicy tool-gateway/tg-guardrail');
    expect(messages([provider, guard(consent), ns('tool-gateway', { tier: 'team' }), gateway(uses())])).toEqual([
      'error: ToolGateway tool-gateway/tg: spec.guardrails[0]: Guard guards/pii does not admit namespace tool-gateway: namespace tool-gateway does not match allowedNamespaces.selector; its owner must allow it in spec.allowedNamespaces',
    ]);
  });

  test('matchExpressions are evaluated (In, NotIn, Exists, DoesNotExist)', () => {
    const sel = (expr: Record<string, unknown>) =>
      guard({ allowedNamespaces: { from: 'Selector', selector: { matchExpressions: [expr] } } });
    const labels = { env: 'prod', team: 'a' };
    const admitted = (expr: Record<string, unknown>) =>
      errorsOf(compileDocs([provider, sel(expr), ns('tool-gateway', labels), gateway(uses())]).problems).length === 0;
    expect(admitted({ key: 'env', operator: 'In', values: ['prod', 'staging'] })).toBe(true);
    expect(admitted({ key: 'env', operator: 'In', values: ['dev'] })).toBe(false);
    expect(admitted({ key: 'env', operator: 'NotIn', values: ['dev'] })).toBe(true);
    expect(admitted({ key: 'env', operator: 'NotIn', values: ['prod'] })).toBe(false);
    expect(admitted({ key: 'team', operator: 'Exists' })).toBe(true);
    expect(admitted({ key: 'owner', operator: 'Exists' })).toBe(false);
    expect(admitted({ key: 'owner', operator: 'DoesNotExist' })).toBe(true);
    expect(admitted({ key: 'team', operator: 'DoesNotExist' })).toBe(false);
  });

  test('a selector over a namespace whose labels are unknown is an error, not a guess', () => {
    const consent = { allowedNamespaces: { from: 'Selector', selector: { matchLabels: { tier: 'platform' } } } };
    expect(messages([provider, guard(consent), gateway(uses())])).toEqual([
      'error: ToolGateway tool-gateway/tg: spec.guardrails[0]: Guard guards/pii admits namespaces by label, but the labels of namespace tool-gateway are unknown; add a v1 Namespace document (or a KnownNamespace) for it',
    ]);
  });

  test('an empty selector is rejected with a hint to use from: All', () => {
    const problems = estateOf([provider, guard({ allowedNamespaces: { from: 'Selector', selector: {} } }), gateway(uses())]).problems;
    expect(errorsOf(problems).map((p) => `${p.field}: ${p.message}`)).toEqual([
      'spec.allowedNamespaces.selector: an empty selector matches every namespace; write from: All if that is what you mean',
    ]);
  });

  test('from: Selector without a selector is rejected', () => {
    const problems = compileDocs([provider, guard({ allowedNamespaces: { from: 'Selector' } })]).problems;
    expect(errorsOf(problems).map((p) => `${p.field}: ${p.message}`)).toEqual([
      'spec.allowedNamespaces.selector: is required when from is Selector',
    ]);
  });
});

describe('compileGuards | what is emitted', () => {
  test('an unreferenced guard emits nothing but its status carrier', () => {
    const out = compileValid([provider, guard(), gateway()]);
    expect(identities(withoutRuntime(out)).filter((i) => i.includes('pii'))).toEqual([]);
    expect(identities(out).filter((i) => i.includes('pii'))).toEqual(['Guard guards/pii']);
  });

  test('one adapter triple per guard even when two gateways use it', () => {
    const out = compileValid([provider, guard({ allowedNamespaces: { from: 'All' } }), gateway(uses()), gateway(uses(), 'team-b', 'tg2')]);
    expect(
      identities(out)
        .filter((i) => i.includes('pii-adapter'))
        .sort(),
    ).toEqual([
      'ConfigMap guards/pii-adapter',
      'Deployment guards/pii-adapter',
      'NetworkPolicy guards/pii-adapter',
      'ReferenceGrant guards/pii-adapter',
      'Service guards/pii-adapter',
    ]);
    expect((findManifest(out, 'ReferenceGrant', 'guards', 'pii-adapter').spec as any).from).toEqual([
      { group: 'agentgateway.dev', kind: 'AgentgatewayPolicy', namespace: 'team-b' },
      { group: 'agentgateway.dev', kind: 'AgentgatewayPolicy', namespace: 'tool-gateway' },
    ]);
  });

  test('failureMode FailOpen is honoured; FailClosed is written when omitted', () => {
    const open = compileValid([provider, guard({ failureMode: 'FailOpen' }, 'pii', 'tool-gateway'), gateway(uses('pii', 'tool-gateway'))]);
    expect((findManifest(open, 'AgentgatewayPolicy', 'tool-gateway', 'tg-guardrail').spec as any).traffic.extProc.failureMode).toBe(
      'FailOpen',
    );
  });

  test('ALL: ALLOW and FailOpen are accepted with a warning naming the Guard and the field', () => {
    const docs = [
      provider,
      guard({ failureMode: 'FailOpen', presidio: { entityActions: { ALL: 'ALLOW' } } }, 'pii', 'tool-gateway'),
      gateway(uses('pii', 'tool-gateway')),
    ];
    const { problems } = compileDocs(docs);
    expect(errorsOf(problems)).toEqual([]);
    expect(problems.filter((p) => p.severity === 'warning').map(formatProblem)).toEqual([
      'warning: Guard tool-gateway/pii: spec.presidio.entityActions.ALL: "ALLOW" lets every entity the guard does not list through unfiltered; leave ALL out to block them (the default is BLOCK) or list the entities to allow one by one',
      'warning: Guard tool-gateway/pii: spec.failureMode: "FailOpen" lets requests through unguarded whenever the guard adapter is unreachable; leave it out for FailClosed, which refuses them',
    ]);
  });

  test('an ALL beside listed entities is dead, because the adapter asks Presidio for the listed ones only, and says so', () => {
    const docs = [
      provider,
      guard({ presidio: { entityActions: { ALL: 'BLOCK', PERSON: 'MASK', EMAIL_ADDRESS: 'BLOCK' } } }, 'pii', 'tool-gateway'),
      gateway(uses('pii', 'tool-gateway')),
    ];
    expect(compileDocs(docs).problems.map(formatProblem)).toEqual([
      'warning: Guard tool-gateway/pii: spec.presidio.entityActions.ALL: never applies: with EMAIL_ADDRESS, PERSON listed, the guardrail adapter asks Presidio for those entity types only, so no other entity is detected; list every entity type to act on, or leave ALL alone',
    ]);
  });

  test('a guard with safe settings gives no warning', () => {
    const docs = [
      provider,
      guard({ presidio: { entityActions: { PERSON: 'MASK' } } }, 'pii', 'tool-gateway'),
      gateway(uses('pii', 'tool-gateway')),
    ];
    expect(compileDocs(docs).problems.filter((p) => p.severity === 'warning')).toEqual([]);
  });

  test('more than one replica adds a PodDisruptionBudget keeping one pod', () => {
    const out = compileValid([provider, guard({ replicas: 3 }, 'pii', 'tool-gateway'), gateway(uses('pii', 'tool-gateway'))]);
    expect((findManifest(out, 'Deployment', 'tool-gateway', 'pii-adapter').spec as any).replicas).toBe(3);
    expect(findManifest(out, 'PodDisruptionBudget', 'tool-gateway', 'pii-adapter').spec).toEqual({
      minAvailable: 1,
      selector: { matchLabels: { app: 'pii-adapter' } },
    });
    const single = compileValid([provider, guard({}, 'pii', 'tool-gateway'), gateway(uses('pii', 'tool-gateway'))]);
    expect(identities(single).filter((i) => i.startsWith('PodDisruptionBudget') && !i.endsWith('/tool-gateway-reconciler'))).toEqual([]);
  });

  test('the config-hash annotation is the sha256 of the ConfigMap bytes and changes with the provider URL', () => {
    const hashOf = (baseUrl: string) => {
      const p = { ...provider, spec: { type: 'presidio-api', presidio: { baseUrl } } };
      const out = compileValid([p, guard({}, 'pii', 'guards'), gateway(uses('pii', 'guards'), 'guards')]);
      const text = (findManifest(out, 'ConfigMap', 'guards', 'pii-adapter') as any).data['config.yaml'];
      const annotation = (findManifest(out, 'Deployment', 'guards', 'pii-adapter').spec as any).template.metadata.annotations[
        'runtime.agentic-layer.ai/config-hash'
      ];
      expect(annotation).toBe(createHash('sha256').update(text).digest('hex'));
      return annotation;
    };
    expect(hashOf('http://presidio:8000')).not.toBe(hashOf('http://presidio:9000'));
  });
});

describe('compileGuards | who may override a gateway guard', () => {
  const all = { allowedNamespaces: { from: 'All' } };
  const strict = (spec: Record<string, unknown> = {}) => guard({ ...all, mode: ['pre_call', 'post_call'], ...spec }, 'strict');
  const own = (mode?: 'Add' | 'Replace') => ({
    guardrails: [{ name: 'strict', namespace: 'guards' }],
    ...(mode ? { guardrailPolicy: { mode } } : {}),
  });
  const allow = { guardrailPolicy: { routeOverride: 'Allow' } };
  const warnings = (docs: unknown[]) =>
    compileDocs(docs)
      .problems.filter((p) => p.severity === 'warning')
      .map(formatProblem);
  const trafficOf = (out: ReturnType<typeof compileValid>, namespace: string, name: string) =>
    (findManifest(out, 'AgentgatewayPolicy', namespace, name).spec as { traffic: unknown }).traffic;

  test("a route guard adds to the gateway's: the gateway's runs before routing, the route's after, so both apply", () => {
    const out = compileValid([
      provider,
      guard(all),
      strict(),
      gateway(uses()),
      route('open', 'team-a'),
      route('payments', 'team-a', own()),
    ]);
    expect(trafficOf(out, 'tool-gateway', 'tg-guardrail')).toEqual({
      phase: 'PreRouting',
      extProc: { backendRef: { name: 'pii-adapter', namespace: 'guards', port: 80 }, failureMode: 'FailClosed' },
    });
    expect(findManifest(out, 'AgentgatewayPolicy', 'team-a', 'tg-payments-guardrail').spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'tg-payments' }],
      traffic: { extProc: { backendRef: { name: 'strict-adapter', namespace: 'guards', port: 80 }, failureMode: 'FailClosed' } },
    });
    expect(identities(out)).not.toContain('AgentgatewayPolicy team-a/tg-open-guardrail');
  });

  test('mode Add is the default and says the same when written out', () => {
    const implicit = compileValid([provider, guard(all), strict(), gateway(uses()), route('payments', 'team-a', own())]);
    const explicit = compileValid([provider, guard(all), strict(), gateway(uses()), route('payments', 'team-a', own('Add'))]);
    expect(trafficOf(explicit, 'tool-gateway', 'tg-guardrail')).toEqual(trafficOf(implicit, 'tool-gateway', 'tg-guardrail'));
    expect(trafficOf(explicit, 'team-a', 'tg-payments-guardrail')).toEqual(trafficOf(implicit, 'team-a', 'tg-payments-guardrail'));
  });

  test("a FailOpen route guard in mode Add leaves the gateway's FailClosed guard in force", () => {
    const out = compileValid([
      provider,
      guard(all),
      strict({ failureMode: 'FailOpen' }),
      gateway(uses()),
      route('payments', 'team-a', own()),
    ]);
    expect(trafficOf(out, 'tool-gateway', 'tg-guardrail')).toMatchObject({ phase: 'PreRouting', extProc: { failureMode: 'FailClosed' } });
    expect(trafficOf(out, 'team-a', 'tg-payments-guardrail')).toMatchObject({ extProc: { failureMode: 'FailOpen' } });
  });

  test("replacing the gateway's guard without the owner's permission is an error naming route, gateway and the field to set", () => {
    expect(messages([provider, guard(all), strict(), gateway(uses()), route('payments', 'team-a', own('Replace'))])).toEqual([
      'error: ToolRoute team-a/payments: spec.guardrailPolicy.mode: "Replace" would replace the guard of ToolGateway tool-gateway/tg (Guard guards/pii) with Guard guards/strict on this route, which the gateway\'s owner does not allow; the owner must set spec.guardrailPolicy.routeOverride: Allow on ToolGateway tool-gateway/tg, or leave mode at Add (the default) so both guards apply',
    ]);
    const deny = { guardrailPolicy: { routeOverride: 'Deny' } };
    expect(
      messages([provider, guard(all), strict(), gateway({ ...uses(), ...deny }), route('payments', 'team-a', own('Replace'))]),
    ).toHaveLength(1);
  });

  test('the error says when the replacement would weaken FailClosed to FailOpen', () => {
    const [line] = messages([
      provider,
      guard(all),
      strict({ failureMode: 'FailOpen' }),
      gateway(uses()),
      route('payments', 'team-a', own('Replace')),
    ]);
    expect(line).toContain(
      "with Guard guards/strict on this route, weakening FailClosed to FailOpen, which the gateway's owner does not allow",
    );
  });

  test("with the owner's permission the route's guard replaces the gateway's, visibly", () => {
    const docs = [
      provider,
      guard(all),
      strict(),
      gateway({ ...uses(), ...allow }),
      route('open', 'team-a'),
      route('payments', 'team-a', own('Replace')),
    ];
    const out = compileValid(docs);
    // After routing, the route's own ext_proc takes the gateway's place on that route only.
    expect(trafficOf(out, 'tool-gateway', 'tg-guardrail')).toEqual({
      extProc: { backendRef: { name: 'pii-adapter', namespace: 'guards', port: 80 }, failureMode: 'FailClosed' },
    });
    expect(trafficOf(out, 'team-a', 'tg-payments-guardrail')).toEqual({
      extProc: { backendRef: { name: 'strict-adapter', namespace: 'guards', port: 80 }, failureMode: 'FailClosed' },
    });
    expect(warnings(docs)).toEqual([
      'warning: ToolRoute team-a/payments: spec.guardrailPolicy.mode: replaces the guard of ToolGateway tool-gateway/tg (Guard guards/pii) with Guard guards/strict on this route, as ToolGateway tool-gateway/tg allows (spec.guardrailPolicy.routeOverride: Allow)',
    ]);
  });

  test('permission alone changes nothing: without a replacing route the gateway guard still runs before routing', () => {
    const out = compileValid([provider, guard(all), strict(), gateway({ ...uses(), ...allow }), route('payments', 'team-a', own())]);
    expect(trafficOf(out, 'tool-gateway', 'tg-guardrail')).toMatchObject({ phase: 'PreRouting' });
    expect(warnings([provider, guard(all), strict(), gateway({ ...uses(), ...allow }), route('payments', 'team-a', own())])).toEqual([]);
  });

  test('a route cannot add its guard on a gateway whose guard another route replaces', () => {
    const docs = [
      provider,
      guard(all),
      strict(),
      gateway({ ...uses(), ...allow }),
      route('payments', 'team-a', own('Replace')),
      route('billing', 'team-b', own()),
    ];
    expect(messages(docs)).toEqual([
      "error: ToolRoute team-b/billing: spec.guardrailPolicy.mode: cannot add Guard guards/strict to the guard of ToolGateway tool-gateway/tg (Guard guards/pii), because ToolRoute team-a/payments replaces that guard, and agentgateway then runs it in the route's one ext_proc slot; set spec.guardrailPolicy.mode: Replace here (this route then runs only its own guard), or drop the replacement on ToolRoute team-a/payments",
    ]);
  });

  test('mode Replace without a guard of its own is an error; on a gateway without a guard, Replace is harmless', () => {
    expect(
      messages([provider, guard(all), gateway(uses()), route('payments', 'team-a', { guardrailPolicy: { mode: 'Replace' } })]),
    ).toEqual([
      "error: ToolRoute team-a/payments: spec.guardrailPolicy.mode: \"Replace\" replaces the gateway's guard with this route's own, but spec.guardrails lists none; name the route's guard there, or leave guardrailPolicy out",
    ]);
    const out = compileValid([provider, strict(), gateway(), route('payments', 'team-a', own('Replace'))]);
    expect(identities(out)).toContain('AgentgatewayPolicy team-a/tg-payments-guardrail');
  });

  test('an unknown routeOverride or mode is rejected by the schema', () => {
    expect(messages([provider, guard(all), gateway({ ...uses(), guardrailPolicy: { routeOverride: 'Sometimes' } })])[0]).toContain(
      'spec.guardrailPolicy.routeOverride',
    );
    expect(
      messages([provider, strict(), gateway(), route('payments', 'team-a', { ...own(), guardrailPolicy: { mode: 'Swap' } })])[0],
    ).toContain('spec.guardrailPolicy.mode');
  });
});

describe('compileGuards | build-time errors instead of runtime conditions', () => {
  const local = (spec: Record<string, unknown>, prov: Record<string, unknown> = provider.spec) => [
    { ...provider, spec: prov },
    guard(spec, 'pii', 'guards'),
    gateway(uses('pii', 'guards'), 'guards'),
  ];
  test('rejects a provider type the adapter does not support', () => {
    expect(messages(local({}, { type: 'openai-moderation-api' }))).toEqual([
      'error: Guard guards/pii: spec.providerRef: provider guards/presidio has type "openai-moderation-api", which the guardrail adapter does not support; supported: "presidio-api"',
    ]);
  });
  test("rejects an empty adapter image (the operator's AdapterNotConfigured)", () => {
    const problems = errorsOf(compileDocs(local({}), { guardrailAdapterImage: '' }).problems).map(formatProblem);
    expect(problems).toEqual([
      'error: Guard guards/pii: spec: the guardrail adapter image is empty; set guardrailAdapterImage (--guardrail-adapter-image) or leave it at its default',
    ]);
  });
  test('rejects a missing provider', () => {
    expect(messages([guard({}, 'pii', 'guards'), gateway(uses('pii', 'guards'), 'guards')])).toEqual([
      'error: Guard guards/pii: spec.providerRef: GuardrailProvider guards/presidio is not defined in this input',
    ]);
  });
  test('rejects a providerRef that names another kind, as every reference does', () => {
    expect(messages(local({ providerRef: { kind: 'Secret', name: 'presidio', namespace: 'guards' } }))).toEqual([
      'error: Guard guards/pii: spec.providerRef.kind: "Secret" is not allowed; allowed: "GuardrailProvider" (or leave it out)',
    ]);
  });
  test("resolves a providerRef without a namespace in the Guard's namespace", () => {
    expect(messages(local({ providerRef: { kind: 'GuardrailProvider', name: 'presidio' } }))).toEqual([]);
  });
  test('rejects a presidio provider without a baseUrl', () => {
    expect(messages(local({}, { type: 'presidio-api' }))).toEqual([
      'error: Guard guards/pii: spec.providerRef: provider guards/presidio has no presidio.baseUrl; a presidio-api provider needs one',
    ]);
  });
  test('rejects during_call and empty modes', () => {
    expect(messages(local({ mode: ['during_call'] }))).toEqual([
      'error: Guard guards/pii: spec.mode[0]: "during_call" is not supported by the guardrail adapter; supported: "pre_call", "post_call"',
    ]);
    expect(messages(local({ mode: [] }))).toEqual([
      'error: Guard guards/pii: spec.mode: at least one mode is required (pre_call, post_call)',
    ]);
  });
  test('rejects two guards on one gateway and on one route', () => {
    const two = {
      guardrails: [
        { name: 'a', namespace: 'guards' },
        { name: 'b', namespace: 'guards' },
      ],
    };
    expect(messages([provider, gateway(two)])).toEqual([
      'error: ToolGateway tool-gateway/tg: spec.guardrails: lists 2 guards, but agentgateway has one ext_proc slot per gateway; list one',
    ]);
    expect(messages([provider, gateway(), route('r', 'team-a', two)])).toEqual([
      'error: ToolRoute team-a/r: spec.guardrails: agentgateway has one ext_proc slot per route; list one guard',
    ]);
  });
  test('rejects a bad entity action and thresholds outside [0, 1]', () => {
    expect(messages(local({ presidio: { entityActions: { PERSON: 'REDACT' }, scoreThresholds: { ALL: '1.5', PERSON: 'high' } } }))).toEqual(
      [
        'error: Guard guards/pii: spec.presidio.entityActions.PERSON: "REDACT" is not an entity action; allowed: MASK, BLOCK, ALLOW',
        'error: Guard guards/pii: spec.presidio.scoreThresholds.ALL: "1.5" is not a score threshold; allowed: a number from 0 to 1, written as a string such as "0.5"',
        'error: Guard guards/pii: spec.presidio.scoreThresholds.PERSON: "high" is not a score threshold; allowed: a number from 0 to 1, written as a string such as "0.5"',
      ],
    );
  });
  test('omitted language and entity actions never give a fail-open config', () => {
    const out = compileValid(local({}));
    expect((findManifest(out, 'ConfigMap', 'guards', 'pii-adapter') as any).data['config.yaml']).toBe(
      'modes:\n- pre_call\npresidio:\n  endpoint: http://presidio:8000\n  entity_actions:\n    ALL: BLOCK\n  language: en\nprovider: presidio-api\n',
    );
  });
});

describe('compileGuards | provider settings the adapter cannot honour', () => {
  test('an apiKeySecretRef is an error, used or not, rather than being dropped', () => {
    const withKey = (field: 'presidio' | 'openaiModeration', name: string) => ({
      ...provider,
      metadata: { name, namespace: 'guards' },
      spec: {
        type: field === 'presidio' ? 'presidio-api' : 'openai-moderation-api',
        [field]: { baseUrl: 'http://presidio:8000', apiKeySecretRef: { name: 'presidio-key', key: 'token' } },
      },
    });
    const reason =
      'cannot be honoured: the guardrail adapter sends no API key to its provider (it has no setting for one); remove it, and protect the provider with a NetworkPolicy that admits only the adapter, which the compiler emits for you';
    expect(
      messages([
        withKey('presidio', 'presidio'),
        withKey('openaiModeration', 'moderation'),
        guard({ allowedNamespaces: { from: 'All' } }),
        gateway(uses()),
      ]),
    ).toEqual([
      `error: GuardrailProvider guards/moderation: spec.openaiModeration.apiKeySecretRef: ${reason}`,
      `error: GuardrailProvider guards/presidio: spec.presidio.apiKeySecretRef: ${reason}`,
    ]);
  });
});
