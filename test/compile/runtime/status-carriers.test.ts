import { describe, expect, it } from 'vitest';
import { RECONCILER_CONTROLLER_NAME, TOOL_GATEWAY_CLASS_NAME } from '../../../src/compile/runtime/status-carriers.js';
import { keepUpstreamFields } from '../../../src/compile/runtime/upstream-fields.js';
import type { Manifest } from '../../../src/contracts/manifest.js';
import { validateManifests } from '../../../src/validate/validate-manifests.js';
import { cr, guard, presidioProvider, routeToServer, routeToUrl, toolGateway, toolServer } from '../../support/intent-fixtures.js';
import { compileDocs, compileValid, findManifest } from '../../support/compile-fixtures.js';
import { TEST_RUNTIME_ASSETS } from '../../support/runtime-assets.js';

const carriersOf = (manifests: readonly Manifest[]) => manifests.filter((m) => m.apiVersion === 'runtime.agentic-layer.ai/v1alpha1');

describe('status carriers |', () => {
  const docs = [
    {
      ...toolGateway('tool-gateway', 'tg', {
        guardrails: [{ name: 'pii', namespace: 'guards' }],
        guardrailPolicy: { routeOverride: 'Allow' },
      }),
      metadata: { name: 'tg', namespace: 'tool-gateway', labels: { team: 'platform' }, annotations: { note: 'kept' } },
    },
    guard('guards', 'pii', { allowedNamespaces: { from: 'All' }, failureMode: 'FailOpen', replicas: 2, presidio: { language: 'de' } }),
    presidioProvider('guards'),
    toolServer('team-a', 'weather'),
    routeToServer('team-a', 'weather', 'weather', { toolFilter: { allow: ['get_*'] } }),
    routeToUrl('team-b', 'shouting', 'HTTPS://mcp.example.com/mcp'),
  ];
  const manifests = compileValid(docs);

  it('emits each ToolGateway, ToolRoute, Guard and GuardrailProvider as itself, and our ToolGatewayClass; no ToolServer', () => {
    expect(carriersOf(manifests).map((m) => `${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`)).toStrictEqual([
      'ToolGateway tool-gateway/tg',
      'ToolRoute team-a/weather',
      'ToolRoute team-b/shouting',
      'Guard guards/pii',
      'GuardrailProvider guards/presidio',
      'ToolGatewayClass /cdk8s-tool-gateway',
    ]);
    // A ToolServer carrier would make the agent-runtime-operator deploy the server a second time.
    expect(manifests.some((m) => m.kind === 'ToolServer')).toBe(false);
  });

  it('gives the ToolGatewayClass our own controller string, and does not claim the default class', () => {
    const cls = findManifest(
      manifests.map((m) => ({ ...m, metadata: { ...m.metadata, namespace: m.metadata.namespace ?? '' } })),
      'ToolGatewayClass',
      '',
      TOOL_GATEWAY_CLASS_NAME,
    );
    expect(cls.spec).toStrictEqual({ controller: RECONCILER_CONTROLLER_NAME });
    expect(RECONCILER_CONTROLLER_NAME).not.toBe('runtime.agentic-layer.ai/tool-gateway-agentgateway-controller');
    expect(cls.metadata.annotations?.['toolgatewayclass.kubernetes.io/is-default-class']).toBeUndefined();
  });

  it('keeps only upstream v0.28.1 fields: our extensions are compiled elsewhere, not carried', () => {
    expect(findManifest(manifests, 'Guard', 'guards', 'pii').spec).toStrictEqual({
      mode: ['pre_call'],
      presidio: { language: 'de' },
      providerRef: { name: 'presidio', namespace: 'guards' },
    });
    expect(findManifest(manifests, 'ToolGateway', 'tool-gateway', 'tg').spec).toStrictEqual({
      guardrails: [{ name: 'pii', namespace: 'guards' }],
      toolGatewayClassName: TOOL_GATEWAY_CLASS_NAME,
    });
  });

  it('writes references in full and names the gateway each route was resolved to', () => {
    expect(findManifest(manifests, 'ToolRoute', 'team-a', 'weather').spec).toStrictEqual({
      toolFilter: { allow: ['get_*'] },
      toolGatewayRef: { name: 'tg', namespace: 'tool-gateway' },
      upstream: { toolServerRef: { name: 'weather', namespace: 'team-a' } },
    });
  });

  it('lowercases a URL scheme, which the upstream CRD pattern ^https?:// requires', () => {
    expect((findManifest(manifests, 'ToolRoute', 'team-b', 'shouting').spec as { upstream: unknown }).upstream).toStrictEqual({
      external: { url: 'https://mcp.example.com/mcp' },
    });
  });

  it('keeps the intent labels and annotations, and adds managed-by (the reconciler watches by it)', () => {
    expect(findManifest(manifests, 'ToolGateway', 'tool-gateway', 'tg').metadata).toStrictEqual({
      name: 'tg',
      namespace: 'tool-gateway',
      labels: { team: 'platform', 'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway' },
      annotations: { note: 'kept', 'argocd.argoproj.io/sync-wave': '4' },
    });
  });

  it('every carrier passes the pinned upstream schemas (and their CEL rules) of the validation gate', () => {
    expect(validateManifests(carriersOf(manifests).map((manifest) => ({ manifest })))).toStrictEqual([]);
  });

  it('replaces an adopted toolGatewayClassName of the input with ours, with a warning', () => {
    const { objects, problems } = compileDocs([toolGateway('tool-gateway', 'tg', { toolGatewayClassName: 'agentgateway' })], {
      adoptToolGatewayClasses: ['agentgateway'],
    });
    expect(
      findManifest(
        objects.map((o) => o.manifest),
        'ToolGateway',
        'tool-gateway',
        'tg',
      ).spec,
    ).toStrictEqual({ toolGatewayClassName: TOOL_GATEWAY_CLASS_NAME });
    expect(problems.map((p) => `${p.severity} ${p.field}: ${p.message}`)).toStrictEqual([
      'warning spec.toolGatewayClassName: "agentgateway" is replaced by "cdk8s-tool-gateway" on the emitted ToolGateway, so that no runtime operator reconciles what synth already compiled; leave it out to silence this',
    ]);
  });

  it('without our CRDs, tells Argo CD not to dry-run a carrier before its CRD exists', () => {
    const out = compileValid([toolGateway('tool-gateway', 'tg')], { reconciler: { crds: false } });
    expect(out.some((m) => m.kind === 'CustomResourceDefinition')).toBe(false);
    expect(findManifest(out, 'ToolGateway', 'tool-gateway', 'tg').metadata.annotations).toStrictEqual({
      'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
      'argocd.argoproj.io/sync-wave': '4',
    });
    expect(compileValid([toolGateway('tool-gateway', 'tg')]).find((m) => m.kind === 'ToolGateway')!.metadata.annotations).toStrictEqual({
      'argocd.argoproj.io/sync-wave': '4',
    });
  });
});

describe('keepUpstreamFields |', () => {
  it('drops unknown fields at every depth, through lists and maps, and keeps declared ones', () => {
    const schema = TEST_RUNTIME_ASSETS.upstreamSpecSchemas.ToolGateway;
    const spec = {
      env: [{ name: 'A', value: 'x', bogus: 1, valueFrom: { secretKeyRef: { name: 's', key: 'k', extra: true } } }],
      commonMetadata: { labels: { a: 'b' }, other: {} },
      allowedRoutes: { namespaces: { from: 'All' } },
      guardrails: undefined,
    };
    expect(keepUpstreamFields(spec, schema)).toStrictEqual({
      env: [{ name: 'A', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
      commonMetadata: { labels: { a: 'b' } },
    });
  });

  it('reads only declared fields, never Object.prototype, and keeps a map key named __proto__ as data', () => {
    const schema = TEST_RUNTIME_ASSETS.upstreamSpecSchemas.ToolGateway;
    const labels = JSON.parse('{"__proto__": "x", "constructor": "y"}') as Record<string, string>;
    const spec = JSON.parse('{"__proto__": {"a": 1}, "constructor": {}, "toString": 1}') as Record<string, unknown>;
    spec.commonMetadata = { labels };
    const out = keepUpstreamFields(spec, schema) as { commonMetadata: { labels: Record<string, string> } };
    expect(Object.keys(out)).toStrictEqual(['commonMetadata']);
    expect(Object.getPrototypeOf(out.commonMetadata.labels)).toBe(Object.prototype);
    expect(Object.entries(out.commonMetadata.labels)).toStrictEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });

  it('is what the compiler writes: a cr() document survives unchanged when it holds only upstream fields', () => {
    const doc = cr('GuardrailProvider', 'guards', 'p', { type: 'presidio-api', presidio: { baseUrl: 'http://presidio:8000' } });
    const out = compileValid([toolGateway('tool-gateway', 'tg'), doc]);
    expect(findManifest(out, 'GuardrailProvider', 'guards', 'p').spec).toStrictEqual(doc.spec);
  });
});
