import * as k8s from '../../../imports/k8s.constants.js';
import type { IPolicyRule, IRoleRef, ISubject } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { compareStrings } from '../../contracts/json.js';
import { MANAGED_BY } from '../../contracts/labels.js';
import type { Manifest } from '../../contracts/manifest.js';
import type { PlanNamespace } from '../../contracts/reconciler-plan.js';
import { buildManifest } from '../build-manifest.js';

/** Name of the reconciler's ServiceAccount, Roles, RoleBindings, Deployment and NetworkPolicy. */
export const RECONCILER_NAME = 'tool-gateway-reconciler';

/** Labels of every reconciler object; `app.kubernetes.io/name` also selects its pods. */
export function reconcilerLabels(): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'app.kubernetes.io/name': RECONCILER_NAME,
    'app.kubernetes.io/component': 'status-reconciler',
  };
}

export function compileReconcilerServiceAccount(namespace: string): Manifest {
  return buildManifest(k8s.KubeServiceAccount.GVK, { name: RECONCILER_NAME, namespace, labels: reconcilerLabels() });
}

/**
 * Least privilege, per watched namespace: `get`/`list`/`watch` on exactly the resources the
 * plan watches there, and `patch` on the `/status` subresource of the carriers it writes.
 * Nothing cluster-wide, and no verb on any spec: the reconciler cannot fight Argo CD.
 */
export function compileReconcilerRole(ns: PlanNamespace): Manifest {
  const readable = new Map<string, Set<string>>();
  const statuses = new Map<string, Set<string>>();
  for (const w of ns.watches) {
    const slash = w.apiVersion.indexOf('/');
    const group = slash >= 0 ? w.apiVersion.slice(0, slash) : '';
    readable.set(group, (readable.get(group) ?? new Set()).add(w.resource));
    if (w.writesStatus) statuses.set(group, (statuses.get(group) ?? new Set()).add(`${w.resource}/status`));
  }
  const rules = (m: Map<string, Set<string>>, verbs: string[]): IPolicyRule[] =>
    [...m.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([group, resources]) => ({ apiGroups: [group], resources: [...resources].sort(compareStrings), verbs }));
  return buildManifest(
    k8s.KubeRole.GVK,
    { name: RECONCILER_NAME, namespace: ns.name, labels: reconcilerLabels() },
    { rules: [...rules(readable, ['get', 'list', 'watch']), ...rules(statuses, ['patch'])] },
  );
}

export function compileReconcilerRoleBinding(ns: PlanNamespace, reconcilerNamespace: string): Manifest {
  return buildManifest(
    k8s.KubeRoleBinding.GVK,
    { name: RECONCILER_NAME, namespace: ns.name, labels: reconcilerLabels() },
    {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: RECONCILER_NAME } satisfies IRoleRef,
      subjects: [{ kind: 'ServiceAccount', name: RECONCILER_NAME, namespace: reconcilerNamespace }] satisfies ISubject[],
    },
  );
}
