import { describe, expect, test } from 'vitest';
import { AllowedNamespaces } from '../../src/constructs/allowed-namespaces.js';
import type { EnvVariable } from '../../src/constructs/env.js';
import { Egress, McpTransport, ToolServer } from '../../src/constructs/tool-server.js';
import { DEFAULT_TOOL_SERVER_PORT } from '../../src/intent/tool-server-schema.js';
import { chartIn, problemLines, testApp } from '../support/construct-app.js';
import { intentOf } from '../support/intent-fixtures.js';

describe('ToolServer |', () => {
  test('renders every prop into the ToolServer document the YAML front door reads', () => {
    const server = new ToolServer(chartIn(testApp(), 'team-a'), 'weather', {
      image: 'ghcr.io/example/weather-mcp:1.4.2',
      transport: McpTransport.SSE,
      port: 8000,
      path: '/sse',
      replicas: 2,
      command: ['weather-mcp'],
      args: ['--verbose'],
      env: [{ name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'weather-api', key: 'token' } } }],
      envFrom: [{ configMapRef: { name: 'weather-settings' } }],
      imagePullSecrets: ['registry-credentials'],
      resources: { requests: { cpu: '100m' }, limits: { memory: '256Mi' } },
      commonLabels: { team: 'a' },
      commonAnnotations: { owner: 'team-a' },
      podLabels: { tier: 'tools' },
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      allowedNamespaces: AllowedNamespaces.all(),
      egress: [
        Egress.url('https://api.weather.example.com/v1'),
        Egress.cidr('10.20.0.0/16', 5432, 5433),
        Egress.url('http://cache.data.svc', { targetPort: 6379 }),
      ],
      runAsNonRoot: false,
      runAsUser: 1000,
      runAsGroup: 1000,
      readOnlyRootFilesystem: false,
    });
    const doc = server._toIntentDocument();
    expect(doc).toStrictEqual({
      apiVersion: 'runtime.agentic-layer.ai/v1alpha1',
      kind: 'ToolServer',
      metadata: { name: 'weather', namespace: 'team-a' },
      spec: {
        image: 'ghcr.io/example/weather-mcp:1.4.2',
        transportType: 'sse',
        port: 8000,
        path: '/sse',
        replicas: 2,
        command: ['weather-mcp'],
        args: ['--verbose'],
        env: [{ name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'weather-api', key: 'token' } } }],
        envFrom: [{ configMapRef: { name: 'weather-settings' } }],
        imagePullSecrets: [{ name: 'registry-credentials' }],
        resources: { requests: { cpu: '100m' }, limits: { memory: '256Mi' } },
        commonMetadata: { labels: { team: 'a' }, annotations: { owner: 'team-a' } },
        podMetadata: { labels: { tier: 'tools' }, annotations: { 'prometheus.io/scrape': 'true' } },
        allowedNamespaces: { from: 'All' },
        egress: [
          { url: 'https://api.weather.example.com/v1' },
          { cidr: '10.20.0.0/16', ports: [5432, 5433] },
          { url: 'http://cache.data.svc', targetPort: 6379 },
        ],
        securityContext: { runAsNonRoot: false, runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: false },
      },
    });
    expect(intentOf('ToolServer', doc).spec.securityContext).toStrictEqual(doc.spec.securityContext);
    expect(intentOf('ToolServer', doc).spec.egress?.[2]).toStrictEqual({ url: 'http://cache.data.svc', targetPort: 6379 });
  });

  test('renders only the image when nothing else is set; the front door applies the defaults', () => {
    const server = new ToolServer(chartIn(testApp(), 'team-a'), 'weather', { image: 'ghcr.io/example/weather-mcp:1.4.2' });
    const doc = server._toIntentDocument();
    expect(doc.spec).toStrictEqual({ image: 'ghcr.io/example/weather-mcp:1.4.2' });
    expect(intentOf('ToolServer', doc).spec).toMatchObject({ transportType: 'http', port: DEFAULT_TOOL_SERVER_PORT, replicas: 1 });
  });

  test('writes only the security context fields that are set, and only labels or annotations that are given', () => {
    const doc = new ToolServer(chartIn(testApp(), 'team-a'), 's', {
      image: 'x:1',
      runAsUser: 1000,
      commonLabels: {},
      podAnnotations: { a: 'b' },
    })._toIntentDocument();
    expect(doc.spec.securityContext).toStrictEqual({ runAsUser: 1000 });
    expect(doc.spec).not.toHaveProperty('commonMetadata');
    expect(doc.spec.podMetadata).toStrictEqual({ annotations: { a: 'b' } });
  });

  test('construct-level mistakes are reported with the construct path, not thrown', () => {
    const app = testApp();
    new ToolServer(chartIn(app, 'team-a'), 'Bad_Name', { image: '' });
    const result = app.build();
    expect(result.files).toBeUndefined();
    const lines = problemLines(result.problems);
    expect(lines).toContain(
      'team-a/Bad_Name: metadata.name: is not a valid name; allowed: lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters',
    );
    expect(lines).toContain('team-a/Bad_Name: spec.image: an image is required');
  });

  test('a reserved pod or common label is an error with the construct path, naming the label', () => {
    const app = testApp();
    new ToolServer(chartIn(app, 'team-a'), 'evil', {
      image: 'ghcr.io/example/evil:1',
      podLabels: { 'gateway.networking.k8s.io/gateway-name': 'shared', team: 'a' },
      commonLabels: { app: 'weather' },
    });
    const result = app.build();
    expect(result.files).toBeUndefined();
    const lines = problemLines(result.problems);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^team-a\/evil: spec\.commonMetadata\.labels\.app: label "app" is reserved: the Services, Deployments and NetworkPolicies of tool servers and guard adapters select their pods by it; /,
    );
    expect(lines[1]).toMatch(
      /^team-a\/evil: spec\.podMetadata\.labels\["gateway\.networking\.k8s\.io\/gateway-name"\]: label "gateway\.networking\.k8s\.io\/gateway-name" is reserved: /,
    );
  });

  test('env entries follow the API server rules, and text must be valid Unicode, as in YAML', () => {
    // @ts-expect-error -- the type refuses a value beside valueFrom; a JavaScript caller still can, and is refused at synth
    const both: EnvVariable = { name: 'C', value: 'x', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } };
    const app = testApp();
    const chart = chartIn(app, 'team-a');
    new ToolServer(chart, 'envs', {
      image: 'ghcr.io/example/weather-mcp:1',
      env: [{ name: 'A=B', value: 'v' }, both],
    });
    new ToolServer(chart, 'text', { image: 'ghcr.io/example/weather-mcp:1', env: [{ name: 'D', value: 'bad \ud800' }] });
    const lines = problemLines(app.build().problems);
    expect(lines).toStrictEqual([
      'team-a/envs: spec.env[0].name: "A=B" is not a valid environment variable name; allowed: printable ASCII characters other than "="',
      'team-a/envs: spec.env[1].valueFrom: must not be given together with a non-empty value; give one of them',
      'team-a/text: spec.env[0].value: is not valid Unicode text (it holds a lone surrogate)',
    ]);
  });
});
