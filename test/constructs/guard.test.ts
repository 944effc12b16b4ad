import { describe, expect, test } from 'vitest';
import { AllowedNamespaces } from '../../src/constructs/allowed-namespaces.js';
import { Guard, GuardFailureMode, GuardMode } from '../../src/constructs/guard.js';
import { GuardrailProvider } from '../../src/constructs/guardrail-provider.js';
import { ToolGateway } from '../../src/constructs/tool-gateway.js';
import { chartIn, testApp } from '../support/construct-app.js';
import { intentOf } from '../support/intent-fixtures.js';

describe('Guard |', () => {
  test('renders every prop into the Guard document the YAML front door reads', () => {
    const app = testApp();
    const provider = new GuardrailProvider(chartIn(app, 'providers'), 'presidio', { presidioBaseUrl: 'http://presidio:8000' });
    const guard = new Guard(chartIn(app, 'guards'), 'pii', {
      modes: [GuardMode.PRE_CALL, GuardMode.POST_CALL],
      provider,
      description: 'masks e-mail addresses',
      presidioLanguage: 'de',
      presidioScoreThresholds: { ALL: '0.5' },
      presidioEntityActions: { EMAIL_ADDRESS: 'MASK' },
      allowedNamespaces: AllowedNamespaces.selector({}, [{ key: 'team', operator: 'In', values: ['a', 'b'] }]),
      allowedGateways: [ToolGateway.fromName(chartIn(app, 'imports'), 'shared', 'shared', 'tool-gateway')],
      failureMode: GuardFailureMode.FAIL_OPEN,
      replicas: 2,
    });
    const doc = guard._toIntentDocument();
    expect(doc).toStrictEqual({
      apiVersion: 'runtime.agentic-layer.ai/v1alpha1',
      kind: 'Guard',
      metadata: { name: 'pii', namespace: 'guards' },
      spec: {
        mode: ['pre_call', 'post_call'],
        description: 'masks e-mail addresses',
        providerRef: { name: 'presidio', namespace: 'providers' },
        presidio: { language: 'de', scoreThresholds: { ALL: '0.5' }, entityActions: { EMAIL_ADDRESS: 'MASK' } },
        allowedNamespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] } },
        allowedGateways: [{ name: 'shared', namespace: 'tool-gateway' }],
        failureMode: 'FailOpen',
        replicas: 2,
      },
    });
    expect(intentOf('Guard', doc).spec.failureMode).toBe('FailOpen');
  });

  test('renders modes and provider only when nothing else is set; the front door applies the defaults', () => {
    const chart = chartIn(testApp(), 'guards');
    const doc = new Guard(chart, 'pii', {
      modes: [GuardMode.PRE_CALL],
      provider: new GuardrailProvider(chart, 'presidio'),
    })._toIntentDocument();
    expect(doc.spec).toStrictEqual({ mode: ['pre_call'], providerRef: { name: 'presidio', namespace: 'guards' } });
    expect(intentOf('Guard', doc).spec).toMatchObject({ failureMode: 'FailClosed', replicas: 1 });
  });
});
