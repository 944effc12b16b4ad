import { hasErrors, type Problem } from '../contracts/problem.js';
import { pathText, plainText } from '../contracts/value-text.js';
import { readInputFiles } from '../intent/read-input-files.js';
import { readYamlDocuments } from '../intent/yaml-documents.js';
import { listItems } from '../intent/list-items.js';
import type { EmittedObject, Manifest } from '../contracts/manifest.js';
import { validateManifests } from '../validate/validate-manifests.js';
import { printProblems, type Console } from '../app/report.js';

/** Why `v` is not a Kubernetes object the gate can check, or undefined when it is one. */
function notAManifest(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return 'not a Kubernetes object: expected a map with apiVersion, kind and metadata.name';
  const o = v as Record<string, unknown>;
  const missing = (['apiVersion', 'kind'] as const).filter((k) => typeof o[k] !== 'string' || o[k] === '');
  if (missing.length > 0)
    return `the object has no ${missing.join(' and no ')} (as a non-empty string); every object needs apiVersion, kind and metadata.name`;
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (typeof meta?.name !== 'string') {
    return `${plainText(String(o.kind), 200)} has no metadata.name (as a string); every object needs apiVersion, kind and metadata.name`;
  }
  return undefined;
}

/** A `kustomize.config.k8s.io` document (Kustomization, Component): kustomize's input, never an object in a cluster. */
function isKustomizeConfig(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const apiVersion = (v as Record<string, unknown>).apiVersion;
  return typeof apiVersion === 'string' && apiVersion.startsWith('kustomize.config.k8s.io/');
}

/**
 * Reads every Kubernetes object from YAML files and directories, each with its file and line, by the
 * reading rules of the YAML front door (`readInputFiles`): regular UTF-8 files only, size-limited.
 * Kustomize's own documents (the `kustomization.yaml` synth writes) are skipped.
 */
export function readManifestFiles(
  inputs: readonly string[],
  cwd = process.cwd(),
  maxFileSize?: number,
  label: (input: string) => string = pathText,
): { objects: EmittedObject[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const objects: EmittedObject[] = [];
  for (const { file: shown, text } of readInputFiles(inputs, problems, { cwd, maxFileSize, label })) {
    for (const doc of readYamlDocuments(text, shown, problems)) {
      for (const { value, line } of listItems(doc)) {
        // Our own kustomization.yaml (or anyone's) lists files; it is not an object to apply.
        if (isKustomizeConfig(value)) continue;
        const problem = notAManifest(value);
        if (problem) {
          problems.push({ severity: 'error', message: problem, origin: { file: shown, line } });
          continue;
        }
        const manifest = value as Manifest;
        // The manifest stands for itself; provenance points at its file and line.
        objects.push({
          manifest,
          provenance: {
            intent: { kind: manifest.kind, namespace: manifest.metadata.namespace, name: manifest.metadata.name },
            origin: { file: shown, line },
          },
        });
      }
    }
  }
  return { objects, problems };
}

/**
 * `tool-gateway validate`: runs the validation gate over any YAML manifests, ours or not.
 * Returns the exit code: 1 when any object has an error.
 */
export function validateManifestFiles(inputs: readonly string[], c: Console, cwd = process.cwd(), maxFileSize?: number): number {
  const { objects, problems } = readManifestFiles(inputs, cwd, maxFileSize);
  // One push per problem: spreading 100,000+ problems into push() would overflow the stack.
  for (const p of validateManifests(objects)) problems.push(p);
  printProblems(problems, c, 'the manifests would be rejected');
  if (!hasErrors(problems)) c.out(`${objects.length} object(s) valid`);
  return hasErrors(problems) ? 1 : 0;
}
