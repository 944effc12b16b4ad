import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { hasErrors, type Problem } from '../contracts/problem.js';
import { yamlFilesOf } from '../intent/load-yaml-input.js';
import { readYamlDocuments } from '../intent/yaml-documents.js';
import type { EmittedObject, Manifest } from '../contracts/manifest.js';
import { validateManifests } from '../validate/validate-manifests.js';
import { printProblems, type Console } from '../app/report.js';

function isManifest(v: unknown): v is Manifest {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string' && typeof meta?.name === 'string';
}

/** Reads every Kubernetes object from YAML files and directories, each with its file and line. */
export function readManifestFiles(inputs: readonly string[], cwd = process.cwd()): { objects: EmittedObject[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const objects: EmittedObject[] = [];
  for (const input of inputs) {
    const files = yamlFilesOf(input);
    if (!files) {
      problems.push({ severity: 'error', message: `${JSON.stringify(input)} does not exist` });
      continue;
    }
    for (const file of files) {
      const shown = relative(cwd, file) || file;
      for (const { value, line } of readYamlDocuments(readFileSync(file, 'utf8'), shown, problems)) {
        if (!isManifest(value)) {
          problems.push({
            severity: 'error',
            message: 'not a Kubernetes object: apiVersion, kind and metadata.name are required',
            origin: { file: shown, line },
          });
          continue;
        }
        // The manifest stands for itself; provenance points at its file and line.
        objects.push({
          manifest: value,
          provenance: {
            intent: { kind: value.kind, namespace: value.metadata.namespace, name: value.metadata.name },
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
export function validateManifestFiles(inputs: readonly string[], c: Console, cwd = process.cwd()): number {
  const { objects, problems } = readManifestFiles(inputs, cwd);
  problems.push(...validateManifests(objects));
  printProblems(problems, c, 'the manifests would be rejected');
  if (!hasErrors(problems)) c.out(`${objects.length} object(s) valid`);
  return hasErrors(problems) ? 1 : 0;
}
