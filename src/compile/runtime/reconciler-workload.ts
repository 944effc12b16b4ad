import { createHash } from 'node:crypto';
import * as k8s from '../../../imports/k8s.constants.js';
import type { IDeploymentSpec } from 'kubernetes-models/apps/v1';
import type { IVolume, IVolumeMount } from 'kubernetes-models/v1';
import type { Manifest } from '../../contracts/manifest.js';
import { buildManifest, type ObjectMetadata } from '../build-manifest.js';
import type { ReconcilerPlan } from '../../contracts/reconciler-plan.js';
import type { ReconcilerBundle } from '../../contracts/reconciler-bundle.js';
import { compressBundle } from './compress-bundle.js';
import { RECONCILER_NAME, reconcilerLabels } from './reconciler-rbac.js';
import { NONROOT_UID, restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../workloads/pod-security.js';

export const RECONCILER_HEALTH_PORT = 8081;
const PLAN_DIR = '/etc/tool-gateway-reconciler';
const PLAN_FILE = 'plan.json';
const BUNDLE_DIR = '/opt/tool-gateway-reconciler';
const BUNDLE_FILE = 'reconciler.mjs';
const BUNDLE_PACKED_FILE = 'reconciler.mjs.br';
/** The pod's scratch volume, where the loader unpacks the bundle: the root filesystem is read-only. */
const SCRATCH_DIR = '/tmp';

/**
 * V8 flags of the reconciler's Node: a small young generation and size-optimised code keep the
 * resident set near the live heap (the defaults let garbage grow to ~3x of it); the old-space
 * limit is a ceiling well above what 1,000 routes with their MCP sessions use, not a squeeze.
 * Dockerfile.reconciler uses the same flags.
 */
export const RECONCILER_NODE_FLAGS = ['--max-semi-space-size=1', '--max-old-space-size=192', '--optimize-for-size'] as const;

export const PLAN_CONFIG_MAP = `${RECONCILER_NAME}-plan`;
export const BUNDLE_CONFIG_MAP = `${RECONCILER_NAME}-bundle`;

/** The plan as the reconciler reads it: indented JSON, so a review diff shows what changed. */
export function planJson(plan: ReconcilerPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

function sha256(text: string | Buffer): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

export function compilePlanConfigMap(plan: ReconcilerPlan, namespace: string): Manifest {
  return buildManifest(
    k8s.KubeConfigMap.GVK,
    { name: PLAN_CONFIG_MAP, namespace, labels: reconcilerLabels() },
    { data: { [PLAN_FILE]: planJson(plan) } },
  );
}

/**
 * The bundle's ConfigMap: brotli + base64 in `binaryData`. Plain, the ~350 KB bundle would exceed
 * the client-side apply limit; packed it is about a third of it.
 */
export function compileBundleConfigMap(bundle: ReconcilerBundle, namespace: string): Manifest {
  const metadata: ObjectMetadata = { name: BUNDLE_CONFIG_MAP, namespace, labels: reconcilerLabels() };
  return buildManifest(k8s.KubeConfigMap.GVK, metadata, {
    binaryData: { [BUNDLE_PACKED_FILE]: Buffer.from(bundle.packed ?? compressBundle(bundle.text)).toString('base64') },
  });
}

/**
 * Unpacks the bundle into the pod's scratch volume and imports it from there. Not evaluated from
 * memory: the bundle makes its `require` from its own file URL, which a data: URL is not. The
 * file is overwritten on a container restart, which keeps the emptyDir.
 */
export const BUNDLE_LOADER = [
  "import { brotliDecompressSync } from 'node:zlib';",
  "import { readFileSync, writeFileSync } from 'node:fs';",
  `const file = '${SCRATCH_DIR}/${BUNDLE_FILE}';`,
  `writeFileSync(file, brotliDecompressSync(readFileSync('${BUNDLE_DIR}/${BUNDLE_PACKED_FILE}')));`,
  'await import(file);',
].join(' ');

export interface ReconcilerWorkloadInput {
  readonly namespace: string;
  readonly plan: ReconcilerPlan;
  /** Given: the bundle runs from its ConfigMap on `nodeImage`. Absent: `image` is a prebuilt reconciler. */
  readonly bundle?: ReconcilerBundle;
  readonly image: string;
  /** Default 1; synth passes `reconciler.replicas`. */
  readonly replicas?: number;
}

/**
 * The reconciler Deployment. Its replicas share the status carriers through shard Leases, so each
 * MCP session is held once however many there are. With more than one, pods roll one at a time
 * and a new one is up before an old one goes (maxUnavailable 0, maxSurge 1): the old pod hands
 * its Leases back on SIGTERM and the others take its shards at once. A single replica is
 * replaced (Recreate), as a surge pod would only wait for its Leases. Pods spread over nodes where
 * they can, and know their own name (POD_NAME, their Lease holder identity). They meet the
 * restricted Pod Security Standard, have requests and limits, health and readiness endpoints, and
 * a grace period longer than their own shutdown (watches and MCP sessions closed, Leases given
 * back). The pod template carries hashes of the plan and the bundle, so either change rolls them.
 */
export function compileReconcilerDeployment(input: ReconcilerWorkloadInput): Manifest {
  const { namespace, plan, bundle, image, replicas = 1 } = input;
  const args = ['--plan', `${PLAN_DIR}/${PLAN_FILE}`, '--health-port', String(RECONCILER_HEALTH_PORT)];
  const command = bundle && ['node', ...RECONCILER_NODE_FLAGS, '--input-type=module', '-e', BUNDLE_LOADER, '--'];
  const annotations: Record<string, string> = { 'runtime.agentic-layer.ai/plan-hash': sha256(planJson(plan)) };
  if (bundle) annotations['runtime.agentic-layer.ai/bundle-hash'] = bundle.digest;
  const volumeMounts: IVolumeMount[] = [{ name: 'plan', mountPath: PLAN_DIR, readOnly: true }];
  const volumes: IVolume[] = [{ name: 'plan', configMap: { name: PLAN_CONFIG_MAP } }];
  if (bundle) {
    volumeMounts.push({ name: 'bundle', mountPath: BUNDLE_DIR, readOnly: true });
    volumes.push({ name: 'bundle', configMap: { name: BUNDLE_CONFIG_MAP } });
    volumeMounts.push({ name: 'scratch', mountPath: SCRATCH_DIR, readOnly: false });
    volumes.push({ name: 'scratch', emptyDir: { sizeLimit: '16Mi' } });
  }
  const probe = (path: string, periodSeconds: number) => ({
    httpGet: { path, port: 'health' },
    periodSeconds,
    timeoutSeconds: 2,
    failureThreshold: 3,
  });
  return buildManifest(
    k8s.KubeDeployment.GVK,
    { name: RECONCILER_NAME, namespace, labels: reconcilerLabels() },
    {
      spec: {
        replicas,
        strategy: replicas > 1 ? { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } : { type: 'Recreate' },
        selector: { matchLabels: { 'app.kubernetes.io/name': RECONCILER_NAME } },
        template: {
          metadata: { labels: reconcilerLabels(), annotations },
          spec: {
            serviceAccountName: RECONCILER_NAME,
            automountServiceAccountToken: true,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: 30,
            securityContext: restrictedPodSecurityContext({ runAsUser: NONROOT_UID, runAsGroup: NONROOT_UID }),
            ...(replicas > 1
              ? {
                  topologySpreadConstraints: [
                    {
                      maxSkew: 1,
                      topologyKey: 'kubernetes.io/hostname',
                      whenUnsatisfiable: 'ScheduleAnyway',
                      labelSelector: { matchLabels: { 'app.kubernetes.io/name': RECONCILER_NAME } },
                    },
                  ],
                }
              : {}),
            containers: [
              {
                name: 'reconciler',
                image,
                imagePullPolicy: 'IfNotPresent',
                ...(command ? { command } : {}),
                args,
                env: [
                  { name: 'NODE_ENV', value: 'production' },
                  { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
                ],
                ports: [{ name: 'health', containerPort: RECONCILER_HEALTH_PORT, protocol: 'TCP' }],
                readinessProbe: probe('/readyz', 10),
                livenessProbe: { ...probe('/healthz', 20), initialDelaySeconds: 5 },
                resources: {
                  requests: { cpu: '50m', memory: '64Mi' },
                  limits: { cpu: '500m', memory: '256Mi' },
                },
                securityContext: restrictedContainerSecurityContext(true, true),
                volumeMounts,
              },
            ],
            volumes,
          },
        },
      } satisfies IDeploymentSpec,
    },
  );
}
