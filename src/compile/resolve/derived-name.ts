import type { Problem } from '../../contracts/problem.js';
import type { AnyIntent } from '../../intent/estate.js';
import { nameProblem } from '../../contracts/names.js';
import { problemsFor } from '../problem-sink.js';

/**
 * Checks a name we derive from intent names (`<tg>-<route>`, `<guard>-adapter`). Names are
 * never truncated: a too-long or invalid name is an error that says which intent to rename.
 * `serviceBacked` names become Service or pod-label values and are limited to 63 characters.
 */
export function checkDerivedName(name: string, kind: string, from: AnyIntent, problems: Problem[], serviceBacked = false): void {
  const issue = nameProblem(name, serviceBacked ? 'dns1035-label' : 'dns1123-subdomain');
  if (!issue) return;
  problemsFor(from, problems).error(
    'metadata.name',
    `the ${kind} name derived from it is invalid: ${issue}; shorten the ${from.kind} name`,
  );
}
