import * as k8s from '../../../imports/k8s.constants.js';
import type { IPodDisruptionBudgetSpec } from 'kubernetes-models/policy/v1';
import type { Manifest } from '../../contracts/manifest.js';
import { buildManifest } from '../build-manifest.js';
import { RECONCILER_NAME, reconcilerLabels } from './reconciler-rbac.js';

/** A node drain evicts reconciler pods one at a time: one keeps writing status while the other's shards move. */
export function compileReconcilerDisruptionBudget(namespace: string): Manifest {
  return buildManifest(
    k8s.KubePodDisruptionBudget.GVK,
    { name: RECONCILER_NAME, namespace, labels: reconcilerLabels() },
    {
      spec: {
        minAvailable: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': RECONCILER_NAME } },
      } satisfies IPodDisruptionBudgetSpec,
    },
  );
}
