import { LineCounter, parseAllDocuments } from 'yaml';
import { hasErrors, type Problem } from '../contracts/problem.js';
import { pathText } from '../contracts/value-text.js';
import { readInputFiles } from '../intent/read-input-files.js';
import type { EmittedObject, Manifest } from '../contracts/manifest.js';
import { validateManifests } from '../validate/validate-manifests.js';
import { printProblems, type Console } from '../app/report.js';

function isManifest(v: unknown): v is Manifest {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string' && typeof meta?.name === 'string';
}

/**
 * Reads every Kubernetes object from YAML files and directories, each with its file and line, by the
 * reading rules of the YAML front door (`readInputFiles`): regular UTF-8 files only, size-limited.
 */
export function readManifestFiles(
  inputs: readonly string[],
  cwd = process.cwd(),
  maxFileSize?: number,
): { objects: EmittedObject[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const objects: EmittedObject[] = [];
  for (const { file: shown, text } of readInputFiles(inputs, problems, { cwd, maxFileSize, label: pathText })) {
    const counter = new LineCounter();
    for (const doc of parseAllDocuments(text, { lineCounter: counter, version: '1.1' })) {
      const line = counter.linePos(doc.contents?.range[0] ?? 0).line;
      const [yamlError] = doc.errors;
      if (yamlError) {
        problems.push({
          severity: 'error',
          message: `not valid YAML: ${yamlError.message.split('\n')[0] ?? ''}`,
          origin: { file: shown, line },
        });
        continue;
      }
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) continue;
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
  return { objects, problems };
}

/**
 * `tool-gateway validate`: runs the validation gate over any YAML manifests, ours or not.
 * Returns the exit code: 1 when any object has an error.
 */
export function validateManifestFiles(inputs: readonly string[], c: Console, cwd = process.cwd(), maxFileSize?: number): number {
  const { objects, problems } = readManifestFiles(inputs, cwd, maxFileSize);
  problems.push(...validateManifests(objects));
  printProblems(problems, c, 'the manifests would be rejected');
  if (!hasErrors(problems)) c.out(`${objects.length} object(s) valid`);
  return hasErrors(problems) ? 1 : 0;
}
