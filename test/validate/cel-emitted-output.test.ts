import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { buildOutput } from '../../src/app/build-output.js';
import { formatProblem, type Problem } from '../../src/contracts/problem.js';
import { findYamlFiles, loadYamlInput } from '../../src/intent/load-yaml-input.js';
import type { Manifest } from '../../src/contracts/manifest.js';
import { validateManifests } from '../../src/validate/validate-manifests.js';

const REPO = path.resolve(import.meta.dirname, '../..');

describe('the full gate (object rules, schemas and CEL) over what we ship |', () => {
  test('every object in the committed dist/ passes with no errors and no warnings', () => {
    // kustomization.yaml lists the files; it is kustomize's input, not an object.
    const manifests = findYamlFiles(path.join(REPO, 'dist'))
      .filter((file) => path.basename(file) !== 'kustomization.yaml')
      .flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS() as Manifest));
    expect(manifests.length).toBeGreaterThan(10);
    expect(validateManifests(manifests.map((manifest) => ({ manifest }))).map(formatProblem)).toEqual([]);
  });

  // examples/argocd and examples/flux hold GitOps objects that deploy dist/, not intent.
  const GITOPS_EXAMPLES = new Set(['argocd', 'flux']);
  const examples = readdirSync(path.join(REPO, 'examples')).filter(
    (d) => statSync(path.join(REPO, 'examples', d)).isDirectory() && !GITOPS_EXAMPLES.has(d),
  );
  test('finds the intent examples', () => {
    expect(examples).toEqual(expect.arrayContaining(['default-estate', 'external-mtls', 'guardrails']));
  });

  // Warnings an example shows on purpose: the feature it demonstrates is a visible weakening.
  const EXPECTED_WARNINGS: Record<string, readonly string[]> = {
    'gateway-features': ['examples/gateway-features/crm.yaml:3: warning: ToolRoute team-a/crm: spec.upstream.auth.passthrough: '],
  };

  test.each(examples)('every object built from examples/%s passes with no errors and no unexpected warnings', (example) => {
    const problems: Problem[] = [];
    const estate = loadYamlInput([path.join(REPO, 'examples', example)], problems, REPO);
    const result = buildOutput({ estate, inputProblems: problems });
    const expected = EXPECTED_WARNINGS[example] ?? [];
    const lines = result.problems.map(formatProblem);
    expect(lines).toHaveLength(expected.length);
    expected.forEach((start, i) => expect(lines[i]?.startsWith(start), lines[i]).toBe(true));
    expect(result.objects.length).toBeGreaterThan(0);
    expect(validateManifests(result.objects).map(formatProblem)).toEqual([]);
  });
});
