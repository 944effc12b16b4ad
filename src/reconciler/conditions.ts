import type { Condition } from '../contracts/status.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** A condition as derived, before its bookkeeping (generation, transition time) is added. */
export interface ConditionInput {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
}

/** metav1.Time: RFC 3339 in UTC, whole seconds. */
export function kubeTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

const MAX_MESSAGE = 32768;

/**
 * Conditions per Kubernetes conventions: each carries the generation it was derived from, and
 * `lastTransitionTime` changes only when its status does, so re-deriving an unchanged state
 * gives an identical list (and no write).
 */
export function buildConditions(
  inputs: readonly ConditionInput[],
  previous: readonly Condition[] | undefined,
  generation: number | undefined,
  now: string,
): Condition[] {
  return inputs.map((c) => {
    const before = previous?.find((p) => p.type === c.type);
    return {
      type: c.type,
      status: c.status,
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
      lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : now,
      reason: c.reason,
      message: c.message.length > MAX_MESSAGE ? `${c.message.slice(0, MAX_MESSAGE - 1)}…` : c.message,
    };
  });
}
