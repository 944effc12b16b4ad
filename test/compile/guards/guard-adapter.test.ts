import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderAdapterConfig, type AdapterConfig } from '../../../src/compile/guards/adapter-config.js';
import {
  adapterName,
  compileAdapterConfigMap,
  compileAdapterDeployment,
  compileAdapterDisruptionBudget,
  compileAdapterService,
} from '../../../src/compile/guards/guard-adapter.js';
import { guard, intentOf, presidioProvider } from '../../support/intent-fixtures.js';

const piiGuard = intentOf('Guard', guard('guards', 'pii', { presidio: { entityActions: { EMAIL_ADDRESS: 'MASK' } } }));

function configOf(): AdapterConfig {
  const { config } = renderAdapterConfig(piiGuard, intentOf('GuardrailProvider', presidioProvider('guards')));
  if (!config) throw new Error('expected a config');
  return config;
}

const LABELS = {
  'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway',
  'runtime.agentic-layer.ai/guard': 'pii',
  'app.kubernetes.io/name': 'pii-adapter',
  'app.kubernetes.io/component': 'guardrail-adapter',
};

interface PodSpec {
  automountServiceAccountToken: boolean;
  securityContext: Record<string, unknown>;
  containers: Array<Record<string, unknown>>;
  volumes: unknown[];
}

describe('adapterName |', () => {
  it('is <guard>-adapter', () => {
    expect(adapterName({ name: 'pii' })).toBe('pii-adapter');
  });
});

describe('compileAdapterConfigMap |', () => {
  it('holds the rendered config under config.yaml', () => {
    const config = configOf();
    expect(compileAdapterConfigMap(piiGuard, config)).toStrictEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'pii-adapter', namespace: 'guards', labels: LABELS },
      data: { 'config.yaml': config.text },
    });
  });
});

describe('compileAdapterDeployment |', () => {
  const config = configOf();
  const deployment = compileAdapterDeployment(piiGuard, config, 'ghcr.io/agentic-layer/guardrail-adapter:0.3.0');
  const spec = deployment.spec as {
    replicas: number;
    selector: unknown;
    template: { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: PodSpec };
  };
  const pod = spec.template.spec;
  const c = pod.containers[0]!;

  it('keeps the operator selector and pod labels, plus ours', () => {
    expect(deployment.metadata).toStrictEqual({ name: 'pii-adapter', namespace: 'guards', labels: LABELS });
    expect(spec.replicas).toBe(1);
    expect(spec.selector).toStrictEqual({ matchLabels: { app: 'pii-adapter' } });
    expect(spec.template.metadata.labels).toStrictEqual({ ...LABELS, app: 'pii-adapter' });
  });

  it('annotates the pods with the SHA-256 of the ConfigMap config.yaml', () => {
    const data = (compileAdapterConfigMap(piiGuard, config).data as Record<string, string>)['config.yaml']!;
    expect(spec.template.metadata.annotations).toStrictEqual({
      'runtime.agentic-layer.ai/config-hash': createHash('sha256').update(data).digest('hex'),
    });
  });

  it('runs the adapter image with the operator args, ports, env, mount and probes, plus LOG_FORMAT=json', () => {
    expect({ ...c, resources: undefined, securityContext: undefined }).toStrictEqual({
      name: 'guardrail-adapter',
      image: 'ghcr.io/agentic-layer/guardrail-adapter:0.3.0',
      imagePullPolicy: 'IfNotPresent',
      args: ['--addr=:9001', '--health-addr=:8080'],
      ports: [
        { name: 'ext-proc', containerPort: 9001, protocol: 'TCP' },
        { name: 'health', containerPort: 8080, protocol: 'TCP' },
      ],
      env: [
        { name: 'GUARDRAIL_CONFIG_FILE', value: '/etc/guardrail/config.yaml' },
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'LOG_FORMAT', value: 'json' },
      ],
      volumeMounts: [{ name: 'guardrail-config', mountPath: '/etc/guardrail', readOnly: true }],
      readinessProbe: { httpGet: { path: '/health', port: 8080 }, initialDelaySeconds: 3, periodSeconds: 5 },
      livenessProbe: { httpGet: { path: '/health', port: 8080 }, initialDelaySeconds: 15, periodSeconds: 10 },
      resources: undefined,
      securityContext: undefined,
    });
    expect(pod.volumes).toStrictEqual([{ name: 'guardrail-config', configMap: { name: 'pii-adapter' } }]);
  });

  it('is hardened for the restricted Pod Security Standard and opts out of the service account token', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toStrictEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c.securityContext).toStrictEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(c.resources).toStrictEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  });

  it('uses the image it is given', () => {
    const other = compileAdapterDeployment(piiGuard, config, 'registry.example.com/adapter@sha256:abc') as unknown as { spec: typeof spec };
    expect(other.spec.template.spec.containers[0]!.image).toBe('registry.example.com/adapter@sha256:abc');
  });
});

describe('compileAdapterService |', () => {
  it('exposes ext_proc as cleartext HTTP/2 on port 80', () => {
    expect(compileAdapterService(piiGuard)).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'pii-adapter', namespace: 'guards', labels: LABELS },
      spec: {
        type: 'ClusterIP',
        selector: { app: 'pii-adapter' },
        ports: [{ name: 'ext-proc', port: 80, targetPort: 9001, protocol: 'TCP', appProtocol: 'kubernetes.io/h2c' }],
      },
    });
  });
});

describe('compileAdapterDisruptionBudget |', () => {
  it('keeps one adapter pod available, selecting the adapter pods', () => {
    expect(compileAdapterDisruptionBudget(piiGuard)).toStrictEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pii-adapter', namespace: 'guards', labels: LABELS },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'pii-adapter' } } },
    });
  });

  it('goes with a Deployment that runs the replicas the Guard asks for', () => {
    const three = intentOf('Guard', guard('guards', 'pii', { replicas: 3 }));
    expect((compileAdapterDeployment(three, configOf(), 'img').spec as { replicas: number }).replicas).toBe(3);
  });
});
