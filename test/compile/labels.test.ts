import { describe, expect, it } from 'vitest';
import { labelValue } from '../../src/contracts/labels.js';
import { provenanceLabels } from '../../src/compile/labels.js';

describe('provenanceLabels |', () => {
  it('always sets app.kubernetes.io/managed-by', () => {
    expect(provenanceLabels({})).toStrictEqual({ 'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway' });
  });

  it('names the gateway with its namespace, the route, the server and the guard', () => {
    expect(
      provenanceLabels({ toolGateway: { name: 'tg', namespace: 'tool-gateway' }, toolRoute: 'weather', toolServer: 'srv', guard: 'pii' }),
    ).toStrictEqual({
      'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway',
      'runtime.agentic-layer.ai/toolgateway': 'tg',
      'runtime.agentic-layer.ai/toolgateway-namespace': 'tool-gateway',
      'runtime.agentic-layer.ai/toolroute': 'weather',
      'runtime.agentic-layer.ai/toolserver': 'srv',
      'runtime.agentic-layer.ai/guard': 'pii',
    });
  });

  it('shortens a long route name in its label', () => {
    const route = `${'r'.repeat(63)}.v2`;
    expect(provenanceLabels({ toolRoute: route })['runtime.agentic-layer.ai/toolroute']).toBe(labelValue(route));
  });
});
