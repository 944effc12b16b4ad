import { parse } from 'yaml';
import { buildOutput } from '../../src/app/build-output.js';
import type { RuntimeAssets } from '../../src/compile/runtime/runtime-assets.js';
import type { CompileOptions } from '../../src/compile/compile-options.js';
import { formatProblem, type Problem } from '../../src/contracts/problem.js';
import { loadYamlInput } from '../../src/intent/load-yaml-input.js';
import { KUSTOMIZATION_FILE } from '../../src/emit/file-layout.js';

/**
 * The files `tool-gateway synth --input <dirs>` writes for valid intent, built in this process
 * by the same path (read, compile, validation gate, layout). Throws with the problems when the
 * input has any error. `runtimeAssets` replaces the real bundle and schemas (see TEST_RUNTIME_ASSETS).
 */
export function synthYamlInput(
  dirs: string | readonly string[],
  options?: CompileOptions,
  runtimeAssets?: RuntimeAssets,
): Map<string, string> {
  const problems: Problem[] = [];
  const estate = loadYamlInput(typeof dirs === 'string' ? [dirs] : dirs, problems);
  const result = buildOutput({ estate, inputProblems: problems, options, runtimeAssets });
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (!result.files || errors.length > 0) throw new Error(`synth failed:\n${errors.map(formatProblem).join('\n')}`);
  return result.files;
}

/** The objects of synthesized files, parsed as Kubernetes reads them (YAML 1.1), by `Kind namespace/name`. */
export function objectsOf(files: ReadonlyMap<string, string>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [path, text] of files) {
    // The kustomization lists the files; it is no object.
    if (path === KUSTOMIZATION_FILE) continue;
    const o = parse(text, { version: '1.1' });
    out[`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`] = o;
  }
  return out;
}
