import { compareStrings } from '../contracts/json.js';
import type { Origin, Problem } from '../contracts/problem.js';
import { plainText } from '../contracts/value-text.js';
import type { SkippedObject } from './parse-intent.js';

/** The API group of kustomize's own kinds (Kustomization, Component). */
const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io';

/** The file names kustomize reads as a kustomization, whatever they hold. */
export const KUSTOMIZATION_FILE = /(^|[/\\])(kustomization\.ya?ml|Kustomization)$/;

/** The most files a note lists by name; more are counted. */
const FILES_LISTED = 3;

const KUSTOMIZE_NOTE =
  "synth reads the folder's files as written, so kustomize's patches, generators and namespace are not applied; to compile kustomize's result, pass the output of `kustomize build` as --input";

const isKustomize = (o: SkippedObject) => o.apiVersion.split('/')[0] === KUSTOMIZE_GROUP;

/** `a.yaml, b.yaml` or `in 5 files`. */
function filesText(origins: readonly (Origin | undefined)[]): string {
  const files = [...new Set(origins.map((o) => o?.file).filter((f): f is string => f !== undefined))].sort(compareStrings);
  if (files.length === 0) return '';
  return files.length <= FILES_LISTED ? ` in ${files.join(', ')}` : ` in ${files.length} files`;
}

/** `a, b and c`. */
function listText(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * Reports the objects of the input that are not intent (ConfigMaps, Deployments, the agent
 * runtime's kinds, ...) and the kustomization files: one info line for the objects, by kind and
 * count, and one for the kustomizations, so that a GitOps folder compiles and says what it left
 * out. With `strict`, each is an error at its file and line instead.
 */
export function reportSkippedObjects(
  skipped: readonly SkippedObject[],
  kustomizationFiles: readonly string[],
  strict: boolean,
  problems: Problem[],
): void {
  if (strict) {
    for (const file of kustomizationFiles) {
      problems.push({
        severity: 'error',
        message:
          'is a kustomization file, not intent, and --strict-input refuses it; pass the intent files or the output of `kustomize build`',
        origin: { file },
      });
    }
    for (const o of skipped) {
      problems.push({
        severity: 'error',
        object: o.name !== undefined ? { kind: o.kind, namespace: o.namespace, name: o.name } : undefined,
        message: `is not intent (kind ${plainText(o.kind, 200)} of ${plainText(o.apiVersion, 200)}), and --strict-input refuses what is not intent; remove it from the input or drop --strict-input`,
        origin: o.origin,
      });
    }
    return;
  }
  const kustomize = skipped.filter(isKustomize);
  const count = kustomizationFiles.length + kustomize.length;
  if (count > 0) {
    problems.push({
      severity: 'info',
      message: `skipped ${count} kustomization${count === 1 ? '' : 's'}${filesText([...kustomizationFiles.map((file) => ({ file })), ...kustomize.map((o) => o.origin)])}: ${KUSTOMIZE_NOTE}`,
    });
  }
  const others = skipped.filter((o) => !isKustomize(o));
  if (others.length === 0) return;
  const byType = new Map<string, number>();
  for (const o of others) {
    const type = `${plainText(o.kind, 200)} (${plainText(o.apiVersion, 200)})`;
    byType.set(type, (byType.get(type) ?? 0) + 1);
  }
  const types = [...byType].sort(([a], [b]) => compareStrings(a, b)).map(([type, n]) => `${n} ${type}`);
  problems.push({
    severity: 'info',
    message: `skipped ${listText(types)}${filesText(others.map((o) => o.origin))}: not intent, so nothing is compiled from them; --strict-input makes them errors`,
  });
}
