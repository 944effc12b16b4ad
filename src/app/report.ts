import { formatProblem, type Problem } from '../contracts/problem.js';
import { escapeControlCharacters } from '../contracts/value-text.js';
import { describePlan, type OutputPlan } from '../emit/write-output.js';
import type { Console } from './console.js';

// The CLI's entry imports these from console.ts, which loads nothing else.
export { processConsole, type Console } from './console.js';

/** Prints problems, errors last so they are what a terminal shows at the bottom. */
export function printProblems(problems: readonly Problem[], c: Console, onError = 'nothing was written'): void {
  const sorted = (['info', 'warning', 'error'] as const).flatMap((s) => problems.filter((p) => p.severity === s));
  for (const p of sorted) c.err(formatProblem(p));
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (errors > 0) c.err(`${errors} error(s); ${onError}`);
}

function changes(plan: OutputPlan): number {
  return plan.added.length + plan.changed.length + plan.removed.length;
}

/** Summary after a write. */
export function printWritten(outdir: string, plan: OutputPlan, c: Console): void {
  const total = plan.added.length + plan.changed.length + plan.unchanged.length;
  c.out(
    `${escapeControlCharacters(outdir)}: ${total} file(s); ${plan.added.length} added, ${plan.changed.length} changed, ${plan.removed.length} removed`,
  );
  for (const line of describePlan(plan)) c.out(line);
}

/** Result of `--check`; returns the exit code. */
export function printCheck(outdir: string, plan: OutputPlan, c: Console, rerun: string): number {
  if (changes(plan) === 0) {
    c.out(`${escapeControlCharacters(outdir)} is up to date`);
    return 0;
  }
  c.err(
    escapeControlCharacters(`${outdir} is out of date: ${changes(plan)} file(s) would change. Run \`${rerun}\` and commit the result.`),
  );
  for (const line of describePlan(plan)) c.err(line);
  return 1;
}
