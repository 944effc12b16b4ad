import type { Console } from '../app/report.js';
import { printProblems } from '../app/report.js';
import type { EmittedObject } from '../contracts/manifest.js';
import { hasErrors } from '../contracts/problem.js';
import { validateManifests } from '../validate/validate-manifests.js';
import { maxFileSizeOf } from './max-file-size-of.js';
import { readManifestFiles } from './validate-files.js';

/**
 * The manifests `explain` and `graph` read (default `dist`), with their NetworkPolicies held to
 * the API server's rules first: the policies' meaning is read off them. The exit code instead
 * when a flag or a manifest is wrong.
 */
export function readPolicyManifests(
  manifests: readonly string[] | undefined,
  maxFileSizeFlag: string | undefined,
  c: Console,
  onError: string,
): { objects: EmittedObject[] } | number {
  const maxFileSize = maxFileSizeOf(maxFileSizeFlag, c);
  if (maxFileSize === undefined) return 2;
  const { objects, problems } = readManifestFiles(manifests ?? ['dist'], process.cwd(), maxFileSize);
  for (const p of validateManifests(objects.filter((o) => o.manifest.kind === 'NetworkPolicy'))) problems.push(p);
  if (hasErrors(problems)) {
    printProblems(problems, c, onError);
    return 1;
  }
  return { objects };
}
