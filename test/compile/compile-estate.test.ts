import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileEstate } from '../../src/compile/compile-estate.js';
import { DEFAULT_GUARDRAIL_ADAPTER_IMAGE } from '../../src/compile/compile-options.js';
import type { Problem } from '../../src/contracts/problem.js';
import { assembleEstate } from '../../src/intent/assemble-estate.js';
import { parseYamlText } from '../../src/intent/load-yaml-input.js';
import {
  cr,
  errorsOf,
  guard,
  namespaceDoc,
  presidioProvider,
  routeToServer,
  routeToUrl,
  toolGateway,
  toolServer,
  type Doc,
} from '../support/intent-fixtures.js';
import { compileDocs, compileValid, findManifest, identities, isRuntimeObject, withoutRuntime } from '../support/compile-fixtures.js';
import { TEST_RUNTIME_ASSETS as runtimeAssets } from '../support/runtime-assets.js';
import { valueText } from '../../src/contracts/value-text.js';

const FIXTURE = 'test/golden/worked-example/input/estate.yaml';

function workedExample() {
  const problems: Problem[] = [];
  const text = readFileSync(fileURLToPath(new URL('../golden/worked-example/input/estate.yaml', import.meta.url)), 'utf8');
  const estate = assembleEstate(parseYamlText(text, FIXTURE, problems), problems);
  return { estate, problems };
}

/** The worked example (test/golden/worked-example) as documents. */
const WORKED: Doc[] = [
  toolGateway('tool-gateway', 'tg', {
    env: [
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel:4318' },
      { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'http/protobuf' },
      { name: 'LOG_LEVEL', value: 'info' },
    ],
    guardrails: [{ name: 'pii', namespace: 'guards' }],
  }),
  guard('guards', 'pii', { allowedNamespaces: { from: 'All' }, presidio: { entityActions: { EMAIL_ADDRESS: 'MASK' } } }),
  presidioProvider('guards'),
  toolServer('team-a', 'weather', { image: 'ghcr.io/example/weather-mcp:1.0.0', transportType: 'http', port: 8000 }),
  routeToServer('team-a', 'weather', 'weather', { toolFilter: { deny: ['*delete*'] } }),
];

/** A Guard whose owner admits gateways and routes of every namespace. */
const openGuard = (namespace: string, name: string, spec: Doc = {}): Doc =>
  guard(namespace, name, { allowedNamespaces: { from: 'All' }, ...spec });

const error = (object: Problem['object'], field: string | undefined, message: string): Problem => ({
  severity: 'error',
  object,
  ...(field !== undefined ? { field } : {}),
  message,
  origin: undefined,
});

// The whole output of the worked example, file by file, is the golden case test/golden/worked-example.
describe('compileEstate | worked example', () => {
  it('records which intent and which file line each object came from', () => {
    const { estate } = workedExample();
    const objects = compileEstate({ estate, runtimeAssets }).objects;
    // Objects shared by the whole estate (CRDs, our class, the reconciler) come from no one intent.
    expect(objects.filter((o) => !o.provenance).every((o) => isRuntimeObject(o.manifest))).toBe(true);
    const provenance = objects
      .filter((o) => o.provenance)
      .map((o) => [o.manifest.kind, `${o.provenance?.intent.kind} ${o.provenance?.intent.name}`, o.provenance?.origin?.line]);
    expect(provenance).toStrictEqual([
      ['Gateway', 'ToolGateway tg', 2],
      ['AgentgatewayParameters', 'ToolGateway tg', 2],
      ['ConfigMap', 'Guard pii', 19],
      ['Deployment', 'Guard pii', 19],
      ['Service', 'Guard pii', 19],
      ['AgentgatewayPolicy', 'ToolGateway tg', 2],
      ['ReferenceGrant', 'Guard pii', 19],
      ['AgentgatewayBackend', 'ToolRoute weather', 56],
      ['HTTPRoute', 'ToolRoute weather', 56],
      ['AgentgatewayPolicy', 'ToolRoute weather', 56],
      ['Deployment', 'ToolServer weather', 46],
      ['Service', 'ToolServer weather', 46],
      ['NetworkPolicy', 'ToolGateway tg', 2],
      ['NetworkPolicy', 'ToolServer weather', 46],
      ['NetworkPolicy', 'Guard pii', 19],
      ['ToolGateway', 'ToolGateway tg', 2],
      ['ToolRoute', 'ToolRoute weather', 56],
      ['Guard', 'Guard pii', 19],
      ['GuardrailProvider', 'GuardrailProvider presidio', 36],
    ]);
  });

  it('labels every emitted object as managed by cdk8s-tool-gateway', () => {
    for (const m of compileValid(WORKED)) expect(m.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('cdk8s-tool-gateway');
  });

  it('compiles the YAML front door and the document builders to the same output', () => {
    const { estate } = workedExample();
    expect(JSON.stringify(compileEstate({ estate, runtimeAssets }).objects.map((o) => o.manifest))).toBe(
      JSON.stringify(compileValid(WORKED)),
    );
  });
});

describe('compileEstate | all or nothing', () => {
  it('emits nothing when any error is found, and reports the error', () => {
    const { objects, problems } = compileDocs([...WORKED, routeToServer('team-a', 'broken', 'missing')]);
    expect(objects).toStrictEqual([]);
    // Besides the worked example's warnings (its collector's and Presidio's pod ports are not declared).
    expect(errorsOf(problems)).toStrictEqual([
      error(
        { kind: 'ToolRoute', namespace: 'team-a', name: 'broken' },
        'spec.upstream.toolServerRef',
        'ToolServer team-a/missing is not defined in this input; define it, or if another pipeline owns it, import it: in YAML, add the owner\'s ToolServer document annotated cdk8s-tool-gateway/imported: "true" (or pass its folder with --import); in TypeScript, import it with ToolServer.fromName(scope, id, name, namespace, { port, path, transport, allowedNamespaces })',
      ),
    ]);
  });

  it('still emits everything when there are only warnings', () => {
    const docs = [toolGateway('tool-gateway', 'tg', { env: [{ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel:4318' }] })];
    const { objects, problems } = compileDocs(docs);
    // No protocol given, and the collector's pod port not declared.
    expect(problems.map((p) => [p.severity, p.field])).toStrictEqual([
      ['warning', 'spec.env'],
      ['warning', 'spec.env[0].value'],
    ]);
    expect(identities(withoutRuntime(objects.map((o) => o.manifest)))).toStrictEqual([
      'Gateway tool-gateway/tg',
      'AgentgatewayParameters tool-gateway/tg',
      'NetworkPolicy tool-gateway/tg-gateway',
    ]);
    expect(identities(objects.map((o) => o.manifest))).toContain('ToolGateway tool-gateway/tg');
  });

  it('emits nothing for a tool filter pattern with a control character and names the pattern index', () => {
    const { objects, problems } = compileDocs([
      toolGateway('tool-gateway', 'tg'),
      routeToUrl('a', 'r', 'https://x.example.com/mcp', { toolFilter: { deny: ['ok', 'bad\u0007'] } }),
    ]);
    expect(objects).toStrictEqual([]);
    expect(errorsOf(problems)).toStrictEqual([
      error(
        { kind: 'ToolRoute', namespace: 'a', name: 'r' },
        'spec.toolFilter.deny[1]',
        'tool pattern "bad\\u0007" contains control character 0x07; only printable characters are allowed',
      ),
    ]);
  });
});

describe('compileEstate | guards', () => {
  const gw = (guardrails?: Doc[], ns = 'tool-gateway', name = 'tg') => toolGateway(ns, name, guardrails ? { guardrails } : {});

  it('emits nothing but its status carrier for a Guard no ToolGateway uses, even an invalid one', () => {
    const { objects, problems } = compileDocs([
      gw(),
      guard('guards', 'unused', { mode: ['during_call'], providerRef: { name: 'nowhere' } }),
      presidioProvider('guards'),
    ]);
    expect(problems).toStrictEqual([]);
    const manifests = objects.map((o) => o.manifest);
    expect(identities(withoutRuntime(manifests))).toStrictEqual([
      'Gateway tool-gateway/tg',
      'AgentgatewayParameters tool-gateway/tg',
      'NetworkPolicy tool-gateway/tg-gateway',
    ]);
    expect(identities(manifests).filter((id) => id.includes('unused'))).toStrictEqual(['Guard guards/unused']);
  });

  it('looks a guard reference up in the gateway namespace by default and keeps the adapter there without a ReferenceGrant', () => {
    const objects = compileValid([gw([{ name: 'pii' }]), guard('tool-gateway', 'pii'), presidioProvider('tool-gateway')]);
    expect(identities(withoutRuntime(objects))).toStrictEqual([
      'Gateway tool-gateway/tg',
      'AgentgatewayParameters tool-gateway/tg',
      'ConfigMap tool-gateway/pii-adapter',
      'Deployment tool-gateway/pii-adapter',
      'Service tool-gateway/pii-adapter',
      'AgentgatewayPolicy tool-gateway/tg-guardrail',
      'NetworkPolicy tool-gateway/tg-gateway',
      'NetworkPolicy tool-gateway/pii-adapter',
    ]);
  });

  it('emits one adapter for a Guard shared by several gateways, a policy per gateway and one grant listing the foreign namespaces sorted', () => {
    const ref = [{ name: 'pii', namespace: 'guards' }];
    const objects = compileValid([
      gw(ref, 'zeta', 'z'),
      gw(ref, 'alpha', 'a'),
      gw(ref, 'guards', 'local'),
      gw(ref, 'alpha', 'b'),
      openGuard('guards', 'pii'),
      presidioProvider('guards'),
    ]);
    const notPerGateway = (i: string) =>
      !i.startsWith('Gateway ') && !i.startsWith('AgentgatewayParameters ') && !/^NetworkPolicy \S+-gateway$/.test(i);
    expect(identities(withoutRuntime(objects)).filter(notPerGateway)).toStrictEqual([
      'ConfigMap guards/pii-adapter',
      'Deployment guards/pii-adapter',
      'Service guards/pii-adapter',
      'AgentgatewayPolicy alpha/a-guardrail',
      'AgentgatewayPolicy alpha/b-guardrail',
      'AgentgatewayPolicy guards/local-guardrail',
      'AgentgatewayPolicy zeta/z-guardrail',
      'ReferenceGrant guards/pii-adapter',
      'NetworkPolicy guards/pii-adapter',
    ]);
    expect((findManifest(objects, 'ReferenceGrant', 'guards', 'pii-adapter').spec as { from: unknown }).from).toStrictEqual([
      { group: 'agentgateway.dev', kind: 'AgentgatewayPolicy', namespace: 'alpha' },
      { group: 'agentgateway.dev', kind: 'AgentgatewayPolicy', namespace: 'zeta' },
    ]);
  });

  it('fails on more than one guard on a gateway', () => {
    const { objects, problems } = compileDocs([
      gw([{ name: 'a' }, { name: 'b' }]),
      guard('tool-gateway', 'a'),
      guard('tool-gateway', 'b'),
      presidioProvider('tool-gateway'),
    ]);
    expect(objects).toStrictEqual([]);
    expect(problems).toStrictEqual([
      error(
        { kind: 'ToolGateway', namespace: 'tool-gateway', name: 'tg' },
        'spec.guardrails',
        'lists 2 guards, but agentgateway has one ext_proc slot per gateway; list one',
      ),
    ]);
  });

  it('fails on a reference to a Guard that is not defined', () => {
    expect(compileDocs([gw([{ name: 'pii' }]), guard('guards', 'pii'), presidioProvider('guards')]).problems).toStrictEqual([
      error(
        { kind: 'ToolGateway', namespace: 'tool-gateway', name: 'tg' },
        'spec.guardrails[0]',
        'Guard tool-gateway/pii is not defined in this input; define it, or if another pipeline owns it, import it: in YAML, add the owner\'s Guard document annotated cdk8s-tool-gateway/imported: "true" (or pass its folder with --import); in TypeScript, define it in this app (a Guard of another pipeline can be imported only in YAML for now)',
      ),
    ]);
  });

  it('fails when a Guard in another namespace does not admit the gateway namespace (only its own, by default)', () => {
    const { objects, problems } = compileDocs([
      gw([{ name: 'pii', namespace: 'guards' }]),
      guard('guards', 'pii'),
      presidioProvider('guards'),
    ]);
    expect(objects).toStrictEqual([]);
    expect(problems).toStrictEqual([
      error(
        { kind: 'ToolGateway', namespace: 'tool-gateway', name: 'tg' },
        'spec.guardrails[0]',
        'Guard guards/pii does not admit namespace tool-gateway: allowedNamespaces admits only its own namespace (from: Same, the default); its owner must allow it in spec.allowedNamespaces',
      ),
    ]);
  });

  it('admits a gateway namespace by label selector only when the namespace labels are known and match', () => {
    const selector = { allowedNamespaces: { from: 'Selector', selector: { matchLabels: { guardrails: 'pii' } } } };
    const base = [gw([{ name: 'pii', namespace: 'guards' }]), guard('guards', 'pii', selector), presidioProvider('guards')];
    expect(identities(compileValid([...base, namespaceDoc('tool-gateway', { guardrails: 'pii' })]))).toContain(
      'AgentgatewayPolicy tool-gateway/tg-guardrail',
    );
    expect(compileDocs([...base, namespaceDoc('tool-gateway', { guardrails: 'other' })]).problems.map((p) => p.message)).toStrictEqual([
      'Guard guards/pii does not admit namespace tool-gateway: namespace tool-gateway does not match allowedNamespaces.selector; its owner must allow it in spec.allowedNamespaces',
    ]);
    expect(compileDocs(base).problems.map((p) => p.message)).toStrictEqual([
      'Guard guards/pii admits namespaces by label, but the labels of namespace tool-gateway are unknown; add a v1 Namespace document (or a KnownNamespace) for it',
    ]);
  });

  it('fails on a Guard whose provider is not defined, defaulting the provider namespace to the Guard one', () => {
    expect(
      compileDocs([gw([{ name: 'pii', namespace: 'guards' }]), openGuard('guards', 'pii'), presidioProvider('elsewhere')]).problems,
    ).toStrictEqual([
      error(
        { kind: 'Guard', namespace: 'guards', name: 'pii' },
        'spec.providerRef',
        'GuardrailProvider guards/presidio is not defined in this input',
      ),
    ]);
  });

  it('follows a cross-namespace provider reference', () => {
    const objects = compileValid([
      gw([{ name: 'pii', namespace: 'guards' }]),
      openGuard('guards', 'pii', { providerRef: { name: 'presidio', namespace: 'providers' } }),
      presidioProvider('providers', 'presidio', 'http://presidio.providers:80'),
    ]);
    expect((findManifest(objects, 'ConfigMap', 'guards', 'pii-adapter').data as Record<string, string>)['config.yaml']).toContain(
      'endpoint: http://presidio.providers:80\n',
    );
  });

  it('fails on a provider type other than presidio-api, against the Guard', () => {
    const openai = cr('GuardrailProvider', 'guards', 'presidio', { type: 'openai-moderation-api' });
    const { objects, problems } = compileDocs([gw([{ name: 'pii', namespace: 'guards' }]), openGuard('guards', 'pii'), openai]);
    expect(objects).toStrictEqual([]);
    expect(problems).toStrictEqual([
      error(
        { kind: 'Guard', namespace: 'guards', name: 'pii' },
        'spec.providerRef',
        'provider guards/presidio has type "openai-moderation-api", which the guardrail adapter does not support; supported: "presidio-api"',
      ),
    ]);
  });

  it('fails on during_call, a provider without baseUrl, a bad entity action and a threshold outside [0, 1]', () => {
    const noUrl = cr('GuardrailProvider', 'guards', 'presidio', { type: 'presidio-api' });
    const { objects, problems } = compileDocs([
      gw([{ name: 'pii', namespace: 'guards' }]),
      openGuard('guards', 'pii', {
        mode: ['pre_call', 'during_call'],
        presidio: { entityActions: { PERSON: 'HIDE' }, scoreThresholds: { ALL: '1.01' } },
      }),
      noUrl,
    ]);
    expect(objects).toStrictEqual([]);
    const id = { kind: 'Guard', namespace: 'guards', name: 'pii' };
    expect(problems).toStrictEqual([
      error(id, 'spec.mode[1]', '"during_call" is not supported by the guardrail adapter; supported: "pre_call", "post_call"'),
      error(id, 'spec.providerRef', 'provider guards/presidio has no presidio.baseUrl; a presidio-api provider needs one'),
      error(id, 'spec.presidio.entityActions.PERSON', '"HIDE" is not an entity action; allowed: MASK, BLOCK, ALLOW'),
      error(
        id,
        'spec.presidio.scoreThresholds.ALL',
        '"1.01" is not a score threshold; allowed: a number from 0 to 1, written as a string such as "0.5"',
      ),
    ]);
  });

  it('fails on a Guard whose adapter name would exceed 63 characters, never truncating it', () => {
    const name = `g${'u'.repeat(55)}`; // 56 characters: "<name>-adapter" has 64
    const { objects, problems } = compileDocs([gw([{ name, namespace: 'guards' }]), openGuard('guards', name), presidioProvider('guards')]);
    expect(objects).toStrictEqual([]);
    expect(errorsOf(problems)).toStrictEqual([
      error(
        { kind: 'Guard', namespace: 'guards', name },
        'metadata.name',
        `the adapter Service name derived from it is invalid: "${name}-adapter" is 64 characters long; allowed: lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters; shorten the Guard name`,
      ),
    ]);
    expect(
      compileValid([
        gw([{ name: name.slice(1), namespace: 'guards' }]),
        openGuard('guards', name.slice(1)),
        presidioProvider('guards'),
      ]).map((m) => m.metadata.name),
    ).toContain(`${name.slice(1)}-adapter`);
  });
});

describe('compileEstate | derived names', () => {
  const tg63 = `g${'x'.repeat(62)}`;
  const longRoute = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(10)}`; // 202 characters

  it('fails when <gateway>-<route> exceeds 253 characters, never truncating', () => {
    const { objects, problems } = compileDocs([
      toolGateway('tool-gateway', tg63),
      routeToUrl('team-a', longRoute, 'https://x.example.com/mcp'),
    ]);
    const derived = `${tg63}-${longRoute}`;
    expect(derived).toHaveLength(266);
    expect(objects).toStrictEqual([]);
    expect(problems).toStrictEqual([
      error(
        { kind: 'ToolRoute', namespace: 'team-a', name: longRoute },
        'metadata.name',
        `the HTTPRoute and AgentgatewayBackend name derived from it is invalid: ${valueText(derived, 200)} is 266 characters long; allowed: lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, at most 253 characters; shorten the ToolRoute name`,
      ),
    ]);
  });

  it('fails when only the -toolfilter policy name is too long', () => {
    const route = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(55)}`; // "tg-" + 247 = 250 characters
    const docs = (toolFilter?: Doc) => [
      toolGateway('tool-gateway', 'tg'),
      routeToUrl('team-a', route, 'https://x.example.com/mcp', toolFilter ? { toolFilter } : {}),
    ];
    expect(compileDocs(docs()).problems).toStrictEqual([]);
    const { objects, problems } = compileDocs(docs({ allow: ['get_*'] }));
    expect(objects).toStrictEqual([]);
    expect(problems.map((p) => [p.field, p.message])).toStrictEqual([
      [
        'metadata.name',
        expect.stringMatching(
          /^the tool-filter AgentgatewayPolicy name derived from it is invalid: "tg-a{63}\.b{63}\.c{63}\.d{3}… is 261 characters long;/,
        ),
      ],
    ]);
  });

  it('fails when two routes derive the same object name', () => {
    const { objects, problems } = compileDocs([
      toolGateway('gw', 'a'),
      toolGateway('gw', 'a-b'),
      routeToUrl('team', 'b-c', 'https://one.example.com/mcp', { toolGatewayRef: { name: 'a', namespace: 'gw' } }),
      routeToUrl('team', 'c', 'https://two.example.com/mcp', { toolGatewayRef: { name: 'a-b', namespace: 'gw' } }),
    ]);
    expect(objects).toStrictEqual([]);
    const second = { kind: 'ToolRoute', namespace: 'team', name: 'c' };
    expect(problems).toStrictEqual([
      error(second, undefined, 'derives AgentgatewayBackend team/a-b-c, which ToolRoute team/b-c derives too; rename one of them'),
      error(second, undefined, 'derives HTTPRoute team/a-b-c, which ToolRoute team/b-c derives too; rename one of them'),
    ]);
  });

  it('fails when a ToolServer is named like a Guard adapter in the same namespace', () => {
    const { objects, problems } = compileDocs([
      toolGateway('guards', 'tg', { guardrails: [{ name: 'pii' }] }),
      guard('guards', 'pii'),
      presidioProvider('guards'),
      toolServer('guards', 'pii-adapter'),
    ]);
    expect(objects).toStrictEqual([]);
    const server = { kind: 'ToolServer', namespace: 'guards', name: 'pii-adapter' };
    expect(errorsOf(problems)).toStrictEqual([
      error(server, undefined, 'derives Deployment guards/pii-adapter, which Guard guards/pii derives too; rename one of them'),
      error(server, undefined, 'derives Service guards/pii-adapter, which Guard guards/pii derives too; rename one of them'),
    ]);
  });
});

describe('compileEstate | clashes with the status reconciler', () => {
  const yaml = [
    'apiVersion: runtime.agentic-layer.ai/v1alpha1', // 1
    'kind: ToolGateway', // 2
    'metadata: {name: tg, namespace: tool-gateway}', // 3
    '---',
    'apiVersion: runtime.agentic-layer.ai/v1alpha1', // 5
    'kind: ToolServer', // 6
    'metadata: {name: tool-gateway-reconciler, namespace: tool-gateway}', // 7
    'spec: {image: ghcr.io/example/mcp:1}', // 8
    '',
  ].join('\n');

  it("reports a ToolServer named like the reconciler's objects against the ToolServer, with its file and line", () => {
    const problems: Problem[] = [];
    const estate = assembleEstate(parseYamlText(yaml, 'intent/servers.yaml', problems), problems);
    expect(problems).toStrictEqual([]);
    const compiled = compileEstate({ estate, runtimeAssets });
    expect(compiled.objects).toStrictEqual([]);
    expect(compiled.problems).toStrictEqual([
      {
        severity: 'error',
        object: { kind: 'ToolServer', namespace: 'tool-gateway', name: 'tool-gateway-reconciler' },
        message:
          "derives Deployment tool-gateway/tool-gateway-reconciler, which synth also emits for the status reconciler; rename this ToolServer: names starting with tool-gateway-reconciler in the reconciler's namespace are the reconciler's",
        origin: { file: 'intent/servers.yaml', line: 5 },
      },
    ]);
  });

  it('does not clash when the reconciler is off or lives in another namespace', () => {
    const problems: Problem[] = [];
    const estate = assembleEstate(parseYamlText(yaml, 'intent/servers.yaml', problems), problems);
    expect(errorsOf(compileEstate({ estate, runtimeAssets, options: { reconciler: { enabled: false } } }).problems)).toStrictEqual([]);
    expect(errorsOf(compileEstate({ estate, runtimeAssets, options: { reconciler: { namespace: 'ops' } } }).problems)).toStrictEqual([]);
  });
});

describe('compileEstate | options and imported gateways', () => {
  const docs = [
    toolGateway('tool-gateway', 'tg', { guardrails: [{ name: 'pii', namespace: 'guards' }] }),
    openGuard('guards', 'pii'),
    presidioProvider('guards'),
    toolServer('a', 's'),
    routeToServer('a', 'r', 's'),
  ];
  const image = (objects: ReturnType<typeof compileValid>) =>
    (findManifest(objects, 'Deployment', 'guards', 'pii-adapter').spec as { template: { spec: { containers: Array<{ image: string }> } } })
      .template.spec.containers[0]!.image;
  const host = (objects: ReturnType<typeof compileValid>) =>
    (findManifest(objects, 'AgentgatewayBackend', 'a', 'tg-r').spec as { mcp: { targets: Array<{ static: { host: string } }> } }).mcp
      .targets[0]!.static.host;

  it('uses the default adapter image and cluster domain', () => {
    const objects = compileValid(docs);
    expect(DEFAULT_GUARDRAIL_ADAPTER_IMAGE).toBe('ghcr.io/agentic-layer/guardrail-adapter:0.3.0');
    expect(image(objects)).toBe(DEFAULT_GUARDRAIL_ADAPTER_IMAGE);
    expect(host(objects)).toBe('s.a.svc.cluster.local');
  });

  it('honours the adapter image and cluster domain options', () => {
    const objects = compileValid(docs, { guardrailAdapterImage: 'registry.example.com/adapter:1', clusterDomain: 'corp.internal' });
    expect(image(objects)).toBe('registry.example.com/adapter:1');
    expect(host(objects)).toBe('s.a.svc.corp.internal');
  });

  it('attaches routes to an imported gateway without emitting a Gateway for it', () => {
    const { objects, problems } = compileDocs([toolServer('a', 's'), routeToServer('a', 'r', 's')], undefined, [
      { name: 'shared', namespace: 'tool-gateway' },
    ]);
    expect(problems).toStrictEqual([]);
    expect(identities(withoutRuntime(objects.map((o) => o.manifest)))).toStrictEqual([
      'AgentgatewayBackend a/shared-r',
      'HTTPRoute a/shared-r',
      'Deployment a/s',
      'Service a/s',
      'NetworkPolicy a/s-tool-server',
    ]);
    // The route's status carrier names the imported gateway; no ToolGateway carrier is emitted for it.
    expect(identities(objects.map((o) => o.manifest)).filter((id) => /^(ToolGateway|ToolRoute) /.test(id))).toStrictEqual([
      'ToolRoute a/r',
    ]);
  });

  it('emits the workload of a ToolServer no route uses', () => {
    expect(identities(compileValid([toolServer('a', 'lonely')]))).toStrictEqual([
      'Deployment a/lonely',
      'Service a/lonely',
      'NetworkPolicy a/lonely-tool-server',
    ]);
  });
});

describe('compileEstate | runtime assets', () => {
  it('throws a programming error when the reconciler is enabled and no runtime assets are passed', () => {
    const { estate } = workedExample();
    expect(() => compileEstate({ estate })).toThrow(/the reconciler is enabled but no runtimeAssets were passed; pass runtimeAssets/);
  });

  it('needs no runtime assets when the reconciler is disabled', () => {
    const { estate } = workedExample();
    const compiled = compileEstate({ estate, options: { reconciler: { enabled: false } } });
    expect(errorsOf(compiled.problems)).toStrictEqual([]);
    expect(compiled.objects.filter((o) => isRuntimeObject(o.manifest))).toStrictEqual([]);
  });
});

describe('compileEstate | determinism', () => {
  const RICH: Doc[] = [
    ...WORKED,
    toolGateway('edge', 'public', { envFrom: [{ configMapRef: { name: 'cfg' } }], guardrails: [{ name: 'pii', namespace: 'guards' }] }),
    toolServer('team-b', 'legacy', {
      transportType: 'sse',
      env: [
        { name: 'B', value: '1' },
        { name: 'A', value: '2' },
      ],
    }),
    routeToServer('team-b', 'legacy', 'legacy', { toolGatewayRef: { name: 'public', namespace: 'edge' } }),
    routeToUrl('team-b', 'github', 'https://github-mcp.example.com/mcp', {
      toolFilter: { allow: ['get_*', 'list_*'], deny: ['*delete*'] },
    }),
    routeToServer('team-a', 'weather-2', 'weather', {}, 'team-a'),
    namespaceDoc('team-a', { tier: 'gold' }),
    namespaceDoc('team-b'),
  ];

  it('gives byte-identical output for any order of the input documents', () => {
    const baseline = JSON.stringify(compileValid(RICH));
    fc.assert(
      fc.property(fc.shuffledSubarray(RICH, { minLength: RICH.length }), (docs) => {
        expect(JSON.stringify(compileValid(docs))).toBe(baseline);
      }),
      { numRuns: 60 },
    );
  });

  it('reports the same problems in the same order for any order of the input documents', () => {
    const BROKEN: Doc[] = [
      toolGateway('tool-gateway', 'one'),
      toolGateway('tool-gateway', 'two', { guardrails: [{ name: 'a' }, { name: 'b' }] }),
      routeToServer('team-a', 'r1', 'missing'),
      routeToUrl('team-b', 'r2', 'ftp://x.example.com/'),
      guard('guards', 'unused'),
    ];
    const baseline = JSON.stringify(compileDocs(BROKEN));
    expect(JSON.parse(baseline).objects).toStrictEqual([]);
    // The ftp URL is refused when the route is read, so the route never asks for a default gateway.
    expect(JSON.parse(baseline).problems).toHaveLength(4);
    fc.assert(
      fc.property(fc.shuffledSubarray(BROKEN, { minLength: BROKEN.length }), (docs) => {
        expect(JSON.stringify(compileDocs(docs))).toBe(baseline);
      }),
      { numRuns: 60 },
    );
  });
});
