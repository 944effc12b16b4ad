import { describe, expect, test } from 'vitest';
import { GuardrailProvider, GuardrailProviderType } from '../../src/constructs/guardrail-provider.js';
import { chartIn, testApp } from '../support/construct-app.js';
import { intentOf } from '../support/intent-fixtures.js';

describe('GuardrailProvider |', () => {
  test('is a presidio-api provider by default, with its base URL when given', () => {
    const chart = chartIn(testApp(), 'guards');
    const doc = new GuardrailProvider(chart, 'presidio', { presidioBaseUrl: 'http://presidio:8000' })._toIntentDocument();
    expect(doc).toStrictEqual({
      apiVersion: 'runtime.agentic-layer.ai/v1alpha1',
      kind: 'GuardrailProvider',
      metadata: { name: 'presidio', namespace: 'guards' },
      spec: { type: 'presidio-api', presidio: { baseUrl: 'http://presidio:8000' } },
    });
    expect(intentOf('GuardrailProvider', doc).spec.type).toBe('presidio-api');
    expect(new GuardrailProvider(chart, 'bare')._toIntentDocument().spec).toStrictEqual({ type: 'presidio-api' });
  });

  test("renders Presidio's pod port beside its base URL", () => {
    const chart = chartIn(testApp(), 'guards');
    const doc = new GuardrailProvider(chart, 'presidio', {
      presidioBaseUrl: 'http://presidio.guards.svc',
      presidioTargetPort: 3000,
    })._toIntentDocument();
    expect(doc.spec).toStrictEqual({ type: 'presidio-api', presidio: { baseUrl: 'http://presidio.guards.svc', targetPort: 3000 } });
    expect(intentOf('GuardrailProvider', doc).spec.presidio?.targetPort).toBe(3000);
  });

  test('renders the other provider types the intent schema knows', () => {
    const chart = chartIn(testApp(), 'guards');
    for (const type of [GuardrailProviderType.OPENAI_MODERATION, GuardrailProviderType.BEDROCK]) {
      const doc = new GuardrailProvider(chart, type, { type })._toIntentDocument();
      expect(intentOf('GuardrailProvider', doc).spec.type).toBe(type);
    }
  });
});
