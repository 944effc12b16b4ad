import * as k8s from '../../../imports/k8s.constants.js';
import type { IServiceSpec } from 'kubernetes-models/v1';
import type { Manifest } from '../../contracts/manifest.js';
import { buildManifest } from '../build-manifest.js';
import { RECONCILER_NAME, reconcilerLabels } from './reconciler-rbac.js';
import { RECONCILER_HEALTH_PORT } from './reconciler-workload.js';

/** The port name the ServiceMonitor scrapes by. */
export const RECONCILER_METRICS_PORT_NAME = 'health';

/**
 * A ClusterIP Service in front of the reconciler's health port, for a ServiceMonitor to find its
 * pod through (Prometheus Operator discovers endpoints through Services). Only with
 * `reconciler.serviceMonitor`.
 */
export function compileReconcilerMetricsService(namespace: string): Manifest {
  return buildManifest(
    k8s.KubeService.GVK,
    { name: `${RECONCILER_NAME}-metrics`, namespace, labels: reconcilerLabels() },
    {
      spec: {
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': RECONCILER_NAME },
        ports: [
          { name: RECONCILER_METRICS_PORT_NAME, port: RECONCILER_HEALTH_PORT, targetPort: RECONCILER_METRICS_PORT_NAME, protocol: 'TCP' },
        ],
      } satisfies IServiceSpec,
    },
  );
}
