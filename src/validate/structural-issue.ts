import type { Severity } from '../contracts/problem.js';

/** One finding of the structural check, before it is tied to its manifest (see manifestProblem). */
export interface StructuralIssue {
  /** The field path, as formatFieldPath writes it; empty for the object itself. */
  readonly field: string;
  readonly message: string;
  /** Defaults to error. */
  readonly severity?: Severity;
}
