import { parseArgs } from 'node:util';
import type { Console } from '../app/report.js';
import { explainWorkload, parseWorkloadRef } from '../explain/explain-workload.js';
import { readPolicyManifests } from './read-policy-manifests.js';
import { USAGE } from './usage.js';

/** `tool-gateway explain`: the exit code. */
export function explainCommand(args: string[], c: Console): number {
  const { values, positionals } = parseArgs({
    args,
    options: { manifests: { type: 'string', multiple: true }, 'max-file-size': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [workload] = positionals;
  if (workload === undefined || positionals.length !== 1) {
    c.err('explain needs one workload, e.g. team-a/deployment/weather\n' + USAGE);
    return 2;
  }
  const ref = parseWorkloadRef(workload);
  if (typeof ref === 'string') {
    c.err(ref);
    return 2;
  }
  const read = readPolicyManifests(values.manifests, values['max-file-size'], c, 'nothing to explain');
  if (typeof read === 'number') return read;
  const { objects } = read;
  for (const line of explainWorkload(
    objects.map((o) => o.manifest),
    ref,
  ))
    c.out(line);
  return 0;
}
