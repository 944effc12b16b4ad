import { describe, expect, it } from 'vitest';
import { compileEstate } from '../../../src/compile/compile-estate.js';
import { ADAPTER_EXT_PROC_PORT } from '../../../src/compile/guards/guard-adapter.js';
import { importedTargets } from '../../../src/compile/resolve/imported-targets.js';
import type { Manifest } from '../../../src/contracts/manifest.js';
import type { Problem } from '../../../src/contracts/problem.js';
import { NetworkPolicyEvaluator } from '../../../src/explain/network-policy-evaluator.js';
import { parseIntentDocument } from '../../../src/intent/parse-intent.js';
import { separateImports } from '../../../src/intent/separate-imports.js';
import { findManifest, identities, withoutRuntime } from '../../support/compile-fixtures.js';
import { guard, presidioProvider, toolGateway, type Doc } from '../../support/intent-fixtures.js';
import { TEST_RUNTIME_ASSETS } from '../../support/runtime-assets.js';

// A Guard owned by the platform's guard pipeline, used by a gateway another pipeline compiles:
// the owner emits the adapter and admits the foreign gateway by name (allowedGateways); the
// consumer imports the Guard's document and emits only its guardrail policy.

function compile(local: readonly Doc[], imports: readonly Doc[] = []): Manifest[] {
  const problems: Problem[] = [];
  const parse = (docs: readonly Doc[]) => docs.map((d) => parseIntentDocument(d, undefined, problems));
  const { estate, imported } = separateImports(parse(local), parse(imports), problems);
  const compiled = compileEstate({ estate, ...importedTargets(imported), runtimeAssets: TEST_RUNTIME_ASSETS });
  const errors = [...problems, ...compiled.problems].filter((p) => p.severity === 'error');
  expect(errors).toStrictEqual([]);
  return compiled.objects.map((o) => o.manifest);
}

const FOREIGN = { name: 'shared', namespace: 'tool-gateway' };
const piiGuard = (spec: Doc = {}) => guard('guards', 'pii', { allowedNamespaces: { from: 'All' }, ...spec });
const provider = presidioProvider('guards', 'presidio', 'http://presidio.guards:8000');
const consumer = () =>
  compile([toolGateway('tool-gateway', 'shared', { guardrails: [{ name: 'pii', namespace: 'guards' }] })], [piiGuard()]);

const gatewayPod = (name: string) => ({
  kind: 'pod' as const,
  namespace: 'tool-gateway',
  labels: { 'gateway.networking.k8s.io/gateway-name': name },
});
const adapterPod = { kind: 'pod' as const, namespace: 'guards', labels: { app: 'pii-adapter' } };
const extProc = { protocol: 'TCP' as const, port: ADAPTER_EXT_PROC_PORT };
const labels = (ns: string) => ({ 'kubernetes.io/metadata.name': ns });

describe('Guard allowedGateways', () => {
  it('compiles the adapter for gateways of other pipelines even when nothing in the input uses it', () => {
    const owner = compile([piiGuard({ allowedGateways: [FOREIGN] }), provider]);
    expect(identities(withoutRuntime(owner))).toStrictEqual([
      'ConfigMap guards/pii-adapter',
      'Deployment guards/pii-adapter',
      'Service guards/pii-adapter',
      'ReferenceGrant guards/pii-adapter',
      'NetworkPolicy guards/pii-adapter',
    ]);
    // The foreign gateway's guardrail policy lives in its own namespace.
    const grant = findManifest(owner, 'ReferenceGrant', 'guards', 'pii-adapter') as unknown as { spec: { from: unknown[] } };
    expect(grant.spec.from).toStrictEqual([{ group: 'agentgateway.dev', kind: 'AgentgatewayPolicy', namespace: 'tool-gateway' }]);
    expect(identities(withoutRuntime(compile([piiGuard(), provider])))).toStrictEqual([]);
  });

  it("the two pipelines' NetworkPolicies together let the admitted gateway reach the adapter, and only that gateway", () => {
    const owner = compile([piiGuard({ allowedGateways: [FOREIGN] }), provider]);
    const evaluator = new NetworkPolicyEvaluator([...owner, ...consumer()], labels);
    expect(evaluator.allows(gatewayPod('shared'), adapterPod, extProc)).toBe(true);
    expect(evaluator.allows(gatewayPod('other'), adapterPod, extProc)).toBe(false);
    expect(evaluator.allows(gatewayPod('shared'), adapterPod, { protocol: 'TCP', port: 9090 })).toBe(false);
  });

  it("without the consumer's gateway in allowedGateways, the owner's policy refuses it", () => {
    // The owner's own gateway uses the Guard, so the adapter exists, admitting only that gateway.
    const owner = compile([toolGateway('guards', 'own', { guardrails: [{ name: 'pii' }] }), piiGuard(), provider]);
    const evaluator = new NetworkPolicyEvaluator([...owner, ...consumer()], labels);
    expect(evaluator.allows({ ...gatewayPod('own'), namespace: 'guards' }, adapterPod, extProc)).toBe(true);
    expect(evaluator.allows(gatewayPod('shared'), adapterPod, extProc)).toBe(false);
  });

  it('refuses a reference of another kind', () => {
    const problems: Problem[] = [];
    const parsed = parseIntentDocument(piiGuard({ allowedGateways: [{ ...FOREIGN, kind: 'Gateway' }] }), undefined, problems);
    expect(parsed.type).toBe('invalid');
    expect(problems.map((p) => `${p.field ?? ''}: ${p.message}`)).toStrictEqual([
      'spec.allowedGateways[0].kind: must be "ToolGateway" (or left out)',
    ]);
  });
});
