import type { Problem } from '../../contracts/problem.js';
import { valueText } from '../../contracts/value-text.js';
import { MAX_RECONCILER_REPLICAS, MAX_RECONCILER_SHARDS, type ResolvedReconcilerOptions } from './reconciler-options.js';

/** `reconciler.replicas` and `reconciler.shards` out of range: one error each, naming the option and its flag. */
export function reconcilerScaleProblems(o: ResolvedReconcilerOptions): Problem[] {
  const check = (value: number, option: string, flag: string, max: number): Problem[] =>
    Number.isInteger(value) && value >= 1 && value <= max
      ? []
      : [
          {
            severity: 'error',
            field: `reconciler.${option}`,
            message: `${Number.isFinite(value) ? valueText(value) : String(value)} is not allowed (${flag}); give a whole number from 1 to ${max}`,
          },
        ];
  return [
    ...check(o.replicas, 'replicas', '--reconciler-replicas', MAX_RECONCILER_REPLICAS),
    ...check(o.shards, 'shards', '--reconciler-shards', MAX_RECONCILER_SHARDS),
  ];
}
