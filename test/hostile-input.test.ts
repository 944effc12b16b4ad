import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { buildOutput } from '../src/app/build-output.js';
import { formatProblem, hasErrors, type Problem } from '../src/contracts/problem.js';
import { assembleEstate } from '../src/intent/assemble-estate.js';
import { parseYamlText } from '../src/intent/load-yaml-input.js';
import { mutate, mutation, SECRET, validEstateDocs } from './support/hostile-mutations.js';
import { TEST_RUNTIME_ASSETS } from './support/runtime-assets.js';
import { KUSTOMIZATION_FILE } from '../src/emit/file-layout.js';

/** Cases of the in-process fuzz test; the suite must run at least 2,000. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);

/** The documents as a user's YAML file would hold them. */
function yamlOf(docs: readonly unknown[]): string {
  return docs.map((d) => stringify(d, { version: '1.1' })).join('---\n');
}

/** The YAML front door and the whole build, in-process: what `tool-gateway synth` runs. */
function synthInProcess(text: string) {
  const problems: Problem[] = [];
  const docs = parseYamlText(text, 'intent/estate.yaml', problems);
  const estate = assembleEstate(docs, problems);
  return buildOutput({ estate, inputProblems: problems, runtimeAssets: TEST_RUNTIME_ASSETS });
}

/** Why a problem cannot be acted on, or undefined when it says where and what. */
function unplaceable(p: Problem): string | undefined {
  if (!p.object && !p.origin?.file && !p.origin?.constructPath) return 'names neither an object nor a file';
  if (!p.field && !p.origin?.line) return 'names neither a field nor a line';
  return undefined;
}

describe('hostile input | the compile path, in-process', () => {
  test(`${RUNS} mutated estates: valid output or placed problems, never a throw or a secret`, () => {
    let succeeded = 0;
    let refused = 0;
    fc.assert(
      fc.property(validEstateDocs, fc.array(mutation, { minLength: 0, maxLength: 4 }), (base, mutations) => {
        const text = yamlOf(mutate(base, mutations));
        const result = synthInProcess(text);
        const messages = result.problems.map(formatProblem);
        for (const m of messages) expect(m).not.toContain(SECRET);
        if (result.files) {
          succeeded++;
          expect(hasErrors(result.problems)).toBe(false);
          // What is written is what passed the gate: every file parses back to the objects validated.
          const written = [...result.files]
            .filter(([path]) => path !== KUSTOMIZATION_FILE)
            .flatMap(([, f]) => parseAllDocuments(f).map((d) => d.toJS() as unknown));
          expect(written).toHaveLength(result.objects.length);
          for (const f of result.files.values()) expect(f).not.toContain(SECRET);
        } else {
          refused++;
          expect(hasErrors(result.problems), messages.join('\n')).toBe(true);
          const bad = result.problems
            .filter((p) => p.severity === 'error' && unplaceable(p))
            .map((p) => `${unplaceable(p)}: ${formatProblem(p)}`);
          expect(bad).toStrictEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
    // Both outcomes must be exercised, or the mutations are too weak (or too strong) to test anything.
    expect(succeeded).toBeGreaterThan(RUNS / 20);
    expect(refused).toBeGreaterThan(RUNS / 20);
  });
});
