import { describe, expect, it } from 'vitest';
import {
  compileAdapterReferenceGrant,
  compileGuardrailPolicy,
  type GuardAttachment,
} from '../../../src/compile/guards/guardrail-policy.js';
import { provenanceLabels } from '../../../src/compile/labels.js';
import { guard, intentOf } from '../../support/intent-fixtures.js';

const pii = intentOf('Guard', guard('guards', 'pii'));

describe('compileGuardrailPolicy |', () => {
  const gatewayAttachment: GuardAttachment = {
    policyName: 'tg-guardrail',
    namespace: 'tool-gateway',
    targetKind: 'Gateway',
    targetName: 'tg',
    labels: provenanceLabels({ toolGateway: { name: 'tg', namespace: 'tool-gateway' } }),
    beforeRouting: true,
  };

  it('attaches the adapter to the gateway as ext_proc before routing, fail-closed, with an explicit namespace', () => {
    expect(compileGuardrailPolicy(gatewayAttachment, pii)).toStrictEqual({
      apiVersion: 'agentgateway.dev/v1alpha1',
      kind: 'AgentgatewayPolicy',
      metadata: {
        name: 'tg-guardrail',
        namespace: 'tool-gateway',
        labels: {
          'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway',
          'runtime.agentic-layer.ai/toolgateway': 'tg',
          'runtime.agentic-layer.ai/toolgateway-namespace': 'tool-gateway',
          'runtime.agentic-layer.ai/guard': 'pii',
        },
      },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'tg' }],
        traffic: {
          phase: 'PreRouting',
          extProc: { backendRef: { name: 'pii-adapter', namespace: 'guards', port: 80 }, failureMode: 'FailClosed' },
        },
      },
    });
  });

  it("writes no phase when the guard runs after routing (agentgateway's default, PostRouting)", () => {
    const after = compileGuardrailPolicy({ ...gatewayAttachment, beforeRouting: false }, pii).spec as { traffic: Record<string, unknown> };
    expect(Object.keys(after.traffic)).toStrictEqual(['extProc']);
  });

  it('writes no metadataContext and no processingOptions', () => {
    const extProc = (compileGuardrailPolicy(gatewayAttachment, pii).spec as { traffic: { extProc: Record<string, unknown> } }).traffic
      .extProc;
    expect(Object.keys(extProc).sort()).toStrictEqual(['backendRef', 'failureMode']);
  });

  it('fails open only when the Guard asks for it', () => {
    const open = intentOf('Guard', guard('guards', 'pii', { failureMode: 'FailOpen' }));
    expect(
      (compileGuardrailPolicy(gatewayAttachment, open).spec as { traffic: { extProc: { failureMode: string } } }).traffic.extProc
        .failureMode,
    ).toBe('FailOpen');
  });

  it('targets an HTTPRoute when attached to a single route', () => {
    const m = compileGuardrailPolicy(
      {
        policyName: 'tg-weather-guardrail',
        namespace: 'team-a',
        targetKind: 'HTTPRoute',
        targetName: 'tg-weather',
        labels: { 'runtime.agentic-layer.ai/toolroute': 'weather' },
        beforeRouting: false,
      },
      pii,
    );
    expect(m.metadata).toStrictEqual({
      name: 'tg-weather-guardrail',
      namespace: 'team-a',
      labels: {
        'runtime.agentic-layer.ai/toolroute': 'weather',
        'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway',
        'runtime.agentic-layer.ai/guard': 'pii',
      },
    });
    expect((m.spec as { targetRefs: unknown }).targetRefs).toStrictEqual([
      { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'tg-weather' },
    ]);
  });
});

describe('compileAdapterReferenceGrant |', () => {
  it('lets policies in the listed namespaces reach the adapter Service, namespaces sorted', () => {
    expect(compileAdapterReferenceGrant(pii, ['zeta', 'alpha', 'tool-gateway'])).toStrictEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: {
        name: 'pii-adapter',
        namespace: 'guards',
        labels: { 'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway', 'runtime.agentic-layer.ai/guard': 'pii' },
      },
      spec: {
        from: [
          { group: 'agentgateway.dev', kind: 'AgentgatewayPolicy', namespace: 'alpha' },
          { group: 'agentgateway.dev', kind: 'AgentgatewayPolicy', namespace: 'tool-gateway' },
          { group: 'agentgateway.dev', kind: 'AgentgatewayPolicy', namespace: 'zeta' },
        ],
        to: [{ group: '', kind: 'Service', name: 'pii-adapter' }],
      },
    });
  });

  it('does not reorder the caller list', () => {
    const namespaces = ['b', 'a'];
    compileAdapterReferenceGrant(pii, namespaces);
    expect(namespaces).toStrictEqual(['b', 'a']);
  });
});
