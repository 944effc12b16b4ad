import type { Manifest } from '../../contracts/manifest.js';
import { buildManifest } from '../build-manifest.js';
import { RECONCILER_METRICS_PORT_NAME } from './reconciler-metrics-service.js';
import { RECONCILER_NAME, reconcilerLabels } from './reconciler-rbac.js';

export const SERVICE_MONITOR = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' } as const;

/**
 * A Prometheus Operator ServiceMonitor scraping the reconciler's `/metrics` through its metrics
 * Service, in the reconciler's namespace. Only with `reconciler.serviceMonitor`: without the
 * operator's CRDs the object cannot be applied.
 */
export function compileReconcilerServiceMonitor(namespace: string): Manifest {
  return buildManifest(
    SERVICE_MONITOR,
    { name: RECONCILER_NAME, namespace, labels: reconcilerLabels() },
    {
      spec: {
        selector: { matchLabels: reconcilerLabels() },
        namespaceSelector: { matchNames: [namespace] },
        endpoints: [{ port: RECONCILER_METRICS_PORT_NAME, path: '/metrics', interval: '30s', scheme: 'http' }],
      },
    },
  );
}
