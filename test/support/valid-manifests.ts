import type { Manifest } from '../../src/contracts/manifest.js';

/**
 * Valid objects of every kind the compiler emits, shaped like the reference operator's output for a
 * ToolGateway `tg` in `tool-gateway` and a ToolRoute `weather` in `team-a`. Tests copy and break them.
 */
export function validObjects(): Manifest[] {
  return [
    gateway(),
    httpRoute(),
    referenceGrant(),
    backend(),
    toolFilterPolicy(),
    guardrailPolicy(),
    parameters(),
    deployment(),
    service(),
    configMap(),
  ];
}

export function gateway(): Manifest {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'tg', namespace: 'tool-gateway' },
    spec: {
      gatewayClassName: 'agentgateway',
      listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'All' } } }],
      infrastructure: { parametersRef: { group: 'agentgateway.dev', kind: 'AgentgatewayParameters', name: 'tg' } },
    },
  };
}

export function httpRoute(): Manifest {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'tg-weather', namespace: 'team-a' },
    spec: {
      parentRefs: [{ name: 'tg', namespace: 'tool-gateway' }],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/team-a/weather/mcp' } }],
          backendRefs: [{ group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name: 'tg-weather', namespace: 'team-a' }],
        },
      ],
    },
  };
}

export function referenceGrant(): Manifest {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: 'allow-guardrail-policy', namespace: 'guards' },
    spec: {
      from: [{ group: 'agentgateway.dev', kind: 'AgentgatewayPolicy', namespace: 'tool-gateway' }],
      to: [{ group: '', kind: 'Service', name: 'pii-adapter' }],
    },
  };
}

export function backend(): Manifest {
  return {
    apiVersion: 'agentgateway.dev/v1alpha1',
    kind: 'AgentgatewayBackend',
    metadata: { name: 'tg-weather', namespace: 'team-a' },
    spec: {
      mcp: {
        failureMode: 'FailOpen',
        targets: [
          {
            name: 'mcp-target',
            static: { host: 'weather.team-a.svc.cluster.local', port: 8000, path: '/mcp', protocol: 'StreamableHTTP' },
          },
        ],
      },
    },
  };
}

export function toolFilterPolicy(): Manifest {
  return {
    apiVersion: 'agentgateway.dev/v1alpha1',
    kind: 'AgentgatewayPolicy',
    metadata: { name: 'tg-weather-toolfilter', namespace: 'team-a' },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'tg-weather' }],
      backend: {
        mcp: {
          authorization: {
            action: 'Allow',
            policy: { matchExpressions: ['(mcp.tool.name == "get_forecast" || mcp.tool.name.matches("^list_.*$"))'] },
          },
        },
      },
    },
  };
}

export function guardrailPolicy(): Manifest {
  return {
    apiVersion: 'agentgateway.dev/v1alpha1',
    kind: 'AgentgatewayPolicy',
    metadata: { name: 'tg-guardrail', namespace: 'tool-gateway' },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'tg' }],
      traffic: { extProc: { backendRef: { name: 'pii-adapter', namespace: 'guards', port: 80 } } },
    },
  };
}

export function parameters(): Manifest {
  return {
    apiVersion: 'agentgateway.dev/v1alpha1',
    kind: 'AgentgatewayParameters',
    metadata: { name: 'tg', namespace: 'tool-gateway' },
    spec: {
      rawConfig: { config: { tracing: { otlpEndpoint: 'http://otel-collector.observability:4317', otlpProtocol: 'grpc' } } },
      env: [{ name: 'RUST_LOG', value: 'info' }],
      deployment: {
        spec: { template: { spec: { containers: [{ name: 'agentgateway', envFrom: [{ secretRef: { name: 'gateway-env' } }] }] } } },
      },
      service: { spec: { type: 'ClusterIP' } },
    },
  };
}

export function deployment(): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'pii-adapter', namespace: 'guards', labels: { 'app.kubernetes.io/name': 'pii-adapter' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'pii-adapter' } },
      template: {
        metadata: { labels: { app: 'pii-adapter' }, annotations: { 'runtime.agentic-layer.ai/config-hash': 'abc123' } },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'guardrail-adapter',
              image: 'ghcr.io/agentic-layer/guardrail-adapter:0.3.0',
              imagePullPolicy: 'IfNotPresent',
              args: ['--addr=:9001', '--health-addr=:8080'],
              ports: [
                { name: 'ext-proc', containerPort: 9001 },
                { name: 'health', containerPort: 8080 },
              ],
              env: [{ name: 'GUARDRAIL_CONFIG_FILE', value: '/etc/guardrail/config.yaml' }],
              resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: 0.1, memory: '64Mi' } },
              volumeMounts: [{ name: 'guardrail-config', mountPath: '/etc/guardrail', readOnly: true }],
              readinessProbe: { httpGet: { path: '/health', port: 8080 }, initialDelaySeconds: 3, periodSeconds: 5 },
              livenessProbe: { httpGet: { path: '/health', port: 'health' }, initialDelaySeconds: 15, periodSeconds: 10 },
            },
          ],
          volumes: [{ name: 'guardrail-config', configMap: { name: 'pii-adapter' } }],
        },
      },
    },
  };
}

export function service(): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'pii-adapter', namespace: 'guards' },
    spec: {
      selector: { app: 'pii-adapter' },
      ports: [{ name: 'ext-proc', port: 80, targetPort: 9001, protocol: 'TCP', appProtocol: 'kubernetes.io/h2c' }],
    },
  };
}

export function configMap(): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'pii-adapter', namespace: 'guards' },
    data: { 'config.yaml': 'providers: []\n' },
  };
}
