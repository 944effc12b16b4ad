import * as k8s from '../../../imports/k8s.constants.js';
import type { IPolicyRule, IRoleRef, ISubject } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import type { Manifest } from '../../contracts/manifest.js';
import type { PlanLeases } from '../../contracts/reconciler-plan.js';
import { buildManifest } from '../build-manifest.js';
import { RECONCILER_NAME, reconcilerLabels } from './reconciler-rbac.js';

/** Name of the Role and RoleBinding for the Leases (the per-namespace Role of the same namespace is another object). */
export const RECONCILER_LEASES_NAME = `${RECONCILER_NAME}-leases`;

/** The Lease names the reconciler uses: one per shard, one per member slot (replicas + 1, for the surge pod). */
export function leaseNames(leases: PlanLeases): string[] {
  const shards = Array.from({ length: leases.shards }, (_, i) => `${leases.name}-shard-${i}`);
  const members = Array.from({ length: leases.replicas + 1 }, (_, i) => `${leases.name}-member-${i}`);
  return [...shards, ...members];
}

/**
 * Leases in the reconciler's own namespace only: `list`, `watch` and `create` (which RBAC cannot
 * narrow by name), and `get` and `update` of exactly its own Lease names. No `delete`, no
 * `patch`, nothing in another namespace.
 */
export function compileReconcilerLeaseRole(leases: PlanLeases): Manifest {
  const rules: IPolicyRule[] = [
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'list', 'watch'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: leaseNames(leases), verbs: ['get', 'update'] },
  ];
  return buildManifest(
    k8s.KubeRole.GVK,
    { name: RECONCILER_LEASES_NAME, namespace: leases.namespace, labels: reconcilerLabels() },
    { rules },
  );
}

export function compileReconcilerLeaseRoleBinding(leases: PlanLeases): Manifest {
  return buildManifest(
    k8s.KubeRoleBinding.GVK,
    { name: RECONCILER_LEASES_NAME, namespace: leases.namespace, labels: reconcilerLabels() },
    {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: RECONCILER_LEASES_NAME } satisfies IRoleRef,
      subjects: [{ kind: 'ServiceAccount', name: RECONCILER_NAME, namespace: leases.namespace }] satisfies ISubject[],
    },
  );
}
