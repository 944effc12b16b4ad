/**
 * The restricted Pod Security Standard, in one place for every workload we emit (tool servers,
 * guard adapters, the reconciler): non-root, RuntimeDefault seccomp, no privilege escalation,
 * every capability dropped, and a read-only root filesystem unless a workload opts out.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
import type { IPodSecurityContext, ISecurityContext } from 'kubernetes-models/v1';

/** The distroless `nonroot` user, which the adapter and reconciler images run as. */
export const NONROOT_UID = 65532;

export interface PodSecurityOptions {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
}

export function restrictedPodSecurityContext(o: PodSecurityOptions = {}): IPodSecurityContext {
  return {
    runAsNonRoot: o.runAsNonRoot ?? true,
    ...(o.runAsUser !== undefined ? { runAsUser: o.runAsUser } : {}),
    ...(o.runAsGroup !== undefined ? { runAsGroup: o.runAsGroup } : {}),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function restrictedContainerSecurityContext(readOnlyRootFilesystem = true, runAsNonRoot?: boolean): ISecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem,
    ...(runAsNonRoot !== undefined ? { runAsNonRoot } : {}),
  };
}
