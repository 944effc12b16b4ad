import * as k8s from '../../../imports/k8s.constants.js';
import type { IDeploymentSpec } from 'kubernetes-models/apps/v1';
import type { IPodDisruptionBudgetSpec } from 'kubernetes-models/policy/v1';
import type { IServiceSpec } from 'kubernetes-models/v1';
import type { GuardIntent } from '../../intent/estate.js';
import type { Manifest } from '../../contracts/manifest.js';
import type { AdapterConfig } from './adapter-config.js';
import { buildManifest, type ObjectMetadata } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';
import { NONROOT_UID, restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../workloads/pod-security.js';

export const ADAPTER_EXT_PROC_PORT = 9001;
export const ADAPTER_HEALTH_PORT = 8080;
/** Port of the adapter Service; the ext_proc policy points at it. */
export const ADAPTER_SERVICE_PORT = 80;
const CONFIG_DIR = '/etc/guardrail';
const CONFIG_FILE = 'config.yaml';

export function adapterName(guard: { name: string }): string {
  return `${guard.name}-adapter`;
}

function labels(guard: GuardIntent): Record<string, string> {
  return {
    ...provenanceLabels({ guard: guard.name }),
    'app.kubernetes.io/name': adapterName(guard),
    'app.kubernetes.io/component': 'guardrail-adapter',
  };
}

function metadata(guard: GuardIntent): ObjectMetadata {
  return { name: adapterName(guard), namespace: guard.namespace, labels: labels(guard) };
}

/** Selector of the adapter pods; the operator's, so a migration keeps the Deployment. */
function selector(guard: GuardIntent): Record<string, string> {
  return { app: adapterName(guard) };
}

export function compileAdapterConfigMap(guard: GuardIntent, config: AdapterConfig): Manifest {
  return buildManifest(k8s.KubeConfigMap.GVK, metadata(guard), { data: { [CONFIG_FILE]: config.text } });
}

/**
 * The adapter Deployment, hardened for the restricted Pod Security Standard (the operator's
 * had no securityContext, resources or token opt-out). The config hash in the pod template
 * rolls the pods whenever the rendered config changes.
 */
export function compileAdapterDeployment(guard: GuardIntent, config: AdapterConfig, image: string): Manifest {
  return buildManifest(k8s.KubeDeployment.GVK, metadata(guard), {
    spec: {
      replicas: guard.spec.replicas,
      selector: { matchLabels: selector(guard) },
      template: {
        metadata: {
          labels: { ...labels(guard), ...selector(guard) },
          annotations: { 'runtime.agentic-layer.ai/config-hash': config.hash },
        },
        spec: {
          automountServiceAccountToken: false,
          securityContext: restrictedPodSecurityContext({ runAsUser: NONROOT_UID, runAsGroup: NONROOT_UID }),
          containers: [
            {
              name: 'guardrail-adapter',
              image,
              imagePullPolicy: 'IfNotPresent',
              args: [`--addr=:${ADAPTER_EXT_PROC_PORT}`, `--health-addr=:${ADAPTER_HEALTH_PORT}`],
              ports: [
                { name: 'ext-proc', containerPort: ADAPTER_EXT_PROC_PORT, protocol: 'TCP' },
                { name: 'health', containerPort: ADAPTER_HEALTH_PORT, protocol: 'TCP' },
              ],
              env: [
                { name: 'GUARDRAIL_CONFIG_FILE', value: `${CONFIG_DIR}/${CONFIG_FILE}` },
                { name: 'LOG_LEVEL', value: 'info' },
                { name: 'LOG_FORMAT', value: 'json' },
              ],
              volumeMounts: [{ name: 'guardrail-config', mountPath: CONFIG_DIR, readOnly: true }],
              readinessProbe: {
                httpGet: { path: '/health', port: ADAPTER_HEALTH_PORT },
                initialDelaySeconds: 3,
                periodSeconds: 5,
              },
              livenessProbe: {
                httpGet: { path: '/health', port: ADAPTER_HEALTH_PORT },
                initialDelaySeconds: 15,
                periodSeconds: 10,
              },
              resources: {
                requests: { cpu: '50m', memory: '64Mi' },
                limits: { cpu: '500m', memory: '256Mi' },
              },
              securityContext: restrictedContainerSecurityContext(true, true),
            },
          ],
          volumes: [{ name: 'guardrail-config', configMap: { name: adapterName(guard) } }],
        },
      },
    } satisfies IDeploymentSpec,
  });
}

/** The adapter Service: gRPC ext_proc over cleartext HTTP/2 on port 80. */
export function compileAdapterService(guard: GuardIntent): Manifest {
  return buildManifest(k8s.KubeService.GVK, metadata(guard), {
    spec: {
      type: 'ClusterIP',
      selector: selector(guard),
      ports: [
        {
          name: 'ext-proc',
          port: ADAPTER_SERVICE_PORT,
          targetPort: ADAPTER_EXT_PROC_PORT,
          protocol: 'TCP',
          appProtocol: 'kubernetes.io/h2c',
        },
      ],
    } satisfies IServiceSpec,
  });
}

/** Keeps one adapter pod up through voluntary disruptions; emitted when the Guard asks for more than one. */
export function compileAdapterDisruptionBudget(guard: GuardIntent): Manifest {
  return buildManifest(k8s.KubePodDisruptionBudget.GVK, metadata(guard), {
    spec: { minAvailable: 1, selector: { matchLabels: selector(guard) } } satisfies IPodDisruptionBudgetSpec,
  });
}
