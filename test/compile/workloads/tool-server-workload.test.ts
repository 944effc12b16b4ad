import { describe, expect, it } from 'vitest';
import {
  compileToolServerDeployment,
  compileToolServerService,
  DEFAULT_TOOL_SERVER_RESOURCES,
  toolServerEnv,
  toolServerSelector,
} from '../../../src/compile/workloads/tool-server-workload.js';
import { intentOf, toolServer, type Doc } from '../../support/intent-fixtures.js';

const server = (spec: Doc = {}, name = 'weather') => intentOf('ToolServer', toolServer('team-a', name, spec));

interface Container {
  name: string;
  image: string;
  env: Array<{ name: string; value?: string }>;
  resources: Record<string, unknown>;
  [key: string]: unknown;
}
interface DeploymentSpec {
  replicas: number;
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
    spec: { containers: Container[]; [key: string]: unknown };
  };
}
const deploymentSpec = (spec: Doc = {}) => compileToolServerDeployment(server(spec)).spec as DeploymentSpec;
const container = (spec: Doc = {}) => deploymentSpec(spec).template.spec.containers[0]!;

const OBJECT_LABELS = {
  'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway',
  'runtime.agentic-layer.ai/toolserver': 'weather',
  'app.kubernetes.io/name': 'weather',
  'app.kubernetes.io/component': 'tool-server',
  app: 'weather',
  protocol: 'mcp',
  transport: 'http',
};

describe('compileToolServerDeployment | agent-runtime-operator shape', () => {
  it('emits the full Deployment of a defaulted ToolServer', () => {
    expect(compileToolServerDeployment(server({ port: 8000 }))).toStrictEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'weather', namespace: 'team-a', labels: OBJECT_LABELS },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'weather' } },
        template: {
          metadata: {
            labels: {
              'app.kubernetes.io/managed-by': 'cdk8s-tool-gateway',
              'runtime.agentic-layer.ai/toolserver': 'weather',
              'app.kubernetes.io/name': 'weather',
              'app.kubernetes.io/component': 'tool-server',
              app: 'weather',
            },
          },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            volumes: [{ name: 'tmp', emptyDir: {} }],
            containers: [
              {
                name: 'toolserver',
                image: 'ghcr.io/example/mcp-server:1.0.0',
                ports: [{ name: 'toolserver', containerPort: 8000, protocol: 'TCP' }],
                env: [
                  { name: 'OTEL_SEMCONV_STABILITY_OPT_IN', value: 'gen_ai_latest_experimental' },
                  { name: 'OTEL_SERVICE_NAME', value: 'weather' },
                ],
                readinessProbe: {
                  tcpSocket: { port: 'toolserver' },
                  initialDelaySeconds: 10,
                  periodSeconds: 10,
                  timeoutSeconds: 3,
                  successThreshold: 1,
                  failureThreshold: 10,
                },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
                resources: { requests: { cpu: '100m', memory: '300Mi' }, limits: { cpu: '500m', memory: '500Mi' } },
              },
            ],
          },
        },
      },
    });
  });

  it('takes replicas from the spec, zero included', () => {
    expect(deploymentSpec({ replicas: 3 }).replicas).toBe(3);
    expect(deploymentSpec({ replicas: 0 }).replicas).toBe(0);
  });

  it('passes image pull secrets, command, args and envFrom through, and leaves them out when empty', () => {
    const full = deploymentSpec({
      imagePullSecrets: [{ name: 'regcred' }],
      command: ['node'],
      args: ['server.js', '--port=8080'],
      envFrom: [{ configMapRef: { name: 'cfg' } }],
    });
    expect(full.template.spec.imagePullSecrets).toStrictEqual([{ name: 'regcred' }]);
    expect([
      full.template.spec.containers[0]!.command,
      full.template.spec.containers[0]!.args,
      full.template.spec.containers[0]!.envFrom,
    ]).toStrictEqual([['node'], ['server.js', '--port=8080'], [{ configMapRef: { name: 'cfg' } }]]);
    const empty = deploymentSpec({ imagePullSecrets: [], command: [], args: [], envFrom: [] });
    expect(empty.template.spec).not.toHaveProperty('imagePullSecrets');
    expect(Object.keys(empty.template.spec.containers[0]!).sort()).toStrictEqual([
      'env',
      'image',
      'name',
      'ports',
      'readinessProbe',
      'resources',
      'securityContext',
      'volumeMounts',
    ]);
  });

  it('uses the ToolServer resources whole instead of mixing in default limits', () => {
    // A request above a default limit would make the Deployment invalid if the default limits were mixed in.
    expect(container({ resources: { requests: { cpu: '2', memory: '1Gi' } } }).resources).toStrictEqual({
      requests: { cpu: '2', memory: '1Gi' },
    });
    expect(container({ resources: { limits: { cpu: 1, memory: '2Gi' } } }).resources).toStrictEqual({ limits: { cpu: 1, memory: '2Gi' } });
  });

  it('passes resource claims through', () => {
    expect(container({ resources: { requests: { cpu: '1' }, claims: [{ name: 'gpu' }] } }).resources).toStrictEqual({
      requests: { cpu: '1' },
      claims: [{ name: 'gpu' }],
    });
  });

  it('uses the operator defaults when the ToolServer sets no resources', () => {
    expect(container().resources).toStrictEqual({
      requests: { ...DEFAULT_TOOL_SERVER_RESOURCES.requests },
      limits: { ...DEFAULT_TOOL_SERVER_RESOURCES.limits },
    });
  });
});

describe('compileToolServerDeployment | pod security', () => {
  it('meets the restricted Pod Security Standard by default', () => {
    const spec = deploymentSpec({});
    expect(spec.template.spec.securityContext).toStrictEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.template.spec.containers[0]!.securityContext).toStrictEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    });
  });

  it('gives a read-only root filesystem a writable /tmp', () => {
    const spec = deploymentSpec({});
    expect(spec.template.spec.volumes).toStrictEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(spec.template.spec.containers[0]!.volumeMounts).toStrictEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  it('lets the ToolServer override the user and the root filesystem, and drops the /tmp volume then', () => {
    const spec = deploymentSpec({ securityContext: { runAsUser: 1000, runAsGroup: 1000, readOnlyRootFilesystem: false } });
    expect(spec.template.spec.securityContext).toStrictEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect((spec.template.spec.containers[0]!.securityContext as { readOnlyRootFilesystem: boolean }).readOnlyRootFilesystem).toBe(false);
    expect(spec.template.spec).not.toHaveProperty('volumes');
    expect(spec.template.spec.containers[0]!).not.toHaveProperty('volumeMounts');
  });

  it('lets an image that must run as root say so explicitly', () => {
    expect(
      (deploymentSpec({ securityContext: { runAsNonRoot: false } }).template.spec.securityContext as { runAsNonRoot: boolean })
        .runAsNonRoot,
    ).toBe(false);
  });
});

describe('compileToolServerDeployment | metadata', () => {
  it('puts commonMetadata on the Deployment and the pods, podMetadata on the pods only', () => {
    const m = compileToolServerDeployment(
      server({
        commonMetadata: { labels: { team: 'a' }, annotations: { owner: 'x' } },
        podMetadata: { labels: { tier: 'web' }, annotations: { scrape: 'true' } },
      }),
    );
    const spec = m.spec as DeploymentSpec;
    expect(m.metadata.labels).toStrictEqual({ team: 'a', ...OBJECT_LABELS });
    expect(m.metadata.annotations).toStrictEqual({ owner: 'x' });
    expect(spec.template.metadata.labels).toMatchObject({ team: 'a', tier: 'web', app: 'weather' });
    expect(spec.template.metadata.annotations).toStrictEqual({ owner: 'x', scrape: 'true' });
  });

  it('keeps the selector label and our provenance labels over user labels of the same key', () => {
    // The front doors refuse these keys (contracts/reserved-labels.ts); the compiler does not rely on that.
    const base = server();
    const spoofed = { ...base, spec: { ...base.spec, podMetadata: { labels: { app: 'hijack', 'app.kubernetes.io/managed-by': 'helm' } } } };
    const spec = compileToolServerDeployment(spoofed).spec as DeploymentSpec;
    expect(spec.selector.matchLabels).toStrictEqual({ app: 'weather' });
    expect(spec.template.metadata.labels.app).toBe('weather');
    expect(spec.template.metadata.labels['app.kubernetes.io/managed-by']).toBe('cdk8s-tool-gateway');
  });

  it('writes no annotations when there are none', () => {
    const m = compileToolServerDeployment(server({ commonMetadata: { annotations: {} } }));
    expect(m.metadata).not.toHaveProperty('annotations');
    expect((m.spec as DeploymentSpec).template.metadata).not.toHaveProperty('annotations');
  });

  it('labels the transport of an sse ToolServer', () => {
    expect(compileToolServerDeployment(server({ transportType: 'sse' })).metadata.labels?.transport).toBe('sse');
  });
});

describe('toolServerEnv |', () => {
  it('puts the defaults first, then the user variables in the user order (the operator sorted by name)', () => {
    expect(
      toolServerEnv(
        server({
          env: [
            { name: 'Z_FIRST', value: '1' },
            { name: 'A_USES_Z', value: '$(Z_FIRST)' },
          ],
        }),
      ),
    ).toStrictEqual([
      { name: 'OTEL_SEMCONV_STABILITY_OPT_IN', value: 'gen_ai_latest_experimental' },
      { name: 'OTEL_SERVICE_NAME', value: 'weather' },
      { name: 'Z_FIRST', value: '1' },
      { name: 'A_USES_Z', value: '$(Z_FIRST)' },
    ]);
  });

  it('lets a user variable replace a default of the same name, at the user position', () => {
    expect(
      toolServerEnv(
        server({
          env: [
            { name: 'X', value: '1' },
            { name: 'OTEL_SERVICE_NAME', value: 'custom' },
          ],
        }),
      ),
    ).toStrictEqual([
      { name: 'OTEL_SEMCONV_STABILITY_OPT_IN', value: 'gen_ai_latest_experimental' },
      { name: 'X', value: '1' },
      { name: 'OTEL_SERVICE_NAME', value: 'custom' },
    ]);
  });

  it('is the container env of the Deployment', () => {
    expect(container({ env: [{ name: 'A', value: 'b' }] }).env).toStrictEqual(toolServerEnv(server({ env: [{ name: 'A', value: 'b' }] })));
  });
});

describe('compileToolServerService |', () => {
  it('emits a ClusterIP Service selecting the pods by app, on the ToolServer port', () => {
    expect(compileToolServerService(server({ port: 8001, commonMetadata: { annotations: { a: 'b' } } }))).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'weather', namespace: 'team-a', labels: OBJECT_LABELS, annotations: { a: 'b' } },
      spec: {
        type: 'ClusterIP',
        selector: { app: 'weather' },
        ports: [{ name: 'toolserver', port: 8001, targetPort: 'toolserver', protocol: 'TCP' }],
      },
    });
  });

  it('selects what the Deployment labels its pods with', () => {
    const s = server();
    expect(toolServerSelector(s)).toStrictEqual({ app: 'weather' });
    expect((compileToolServerService(s).spec as { selector: unknown }).selector).toStrictEqual(
      (compileToolServerDeployment(s).spec as DeploymentSpec).selector.matchLabels,
    );
  });
});
