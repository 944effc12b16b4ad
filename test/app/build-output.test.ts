import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildOutput } from '../../src/app/build-output.js';
import type { Problem } from '../../src/contracts/problem.js';
import { assembleEstate } from '../../src/intent/assemble-estate.js';
import { parseYamlText } from '../../src/intent/load-yaml-input.js';
import type { Manifest } from '../../src/contracts/manifest.js';
import { renderYaml } from '../../src/emit/render-yaml.js';
import { validateManifests } from '../../src/validate/validate-manifests.js';
import { arbitraryEstate } from '../support/arbitrary-estate.js';
import { TEST_RUNTIME_ASSETS } from '../support/runtime-assets.js';

/**
 * Builds with the stand-in reconciler bundle and without the CRDs (`--no-crds`). Both are the
 * same bytes for every estate (the CRDs come from the intent schemas, one per kind), so they
 * add nothing to a property over random estates, yet rendering and validating them was two
 * thirds of each run. The golden cases and the runtime tests cover them; the reconciler's
 * ConfigMaps, Deployment, RBAC and the status carriers are still built and checked here.
 */
const OPTIONS = { reconciler: { crds: false } };

function build(docs: readonly Record<string, unknown>[]) {
  const problems: Problem[] = [];
  // Through the YAML front door, as `tool-gateway synth --input` reads it.
  const text = renderYaml(docs as unknown as Manifest[]);
  const estate = assembleEstate(parseYamlText(text, 'estate.yaml', problems), problems);
  return buildOutput({ estate, inputProblems: problems, options: OPTIONS, runtimeAssets: TEST_RUNTIME_ASSETS });
}

describe('buildOutput |', () => {
  test('any valid random estate synthesizes, and every object passes the validation gate', () => {
    fc.assert(
      fc.property(arbitraryEstate, ({ docs }) => {
        const result = build(docs);
        expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(result.files).toBeDefined();
        // The gate ran inside buildOutput; run it again on its own to be sure it saw everything.
        expect(validateManifests(result.objects).filter((p) => p.severity === 'error')).toEqual([]);
        const routes = docs.filter((d) => d.kind === 'ToolRoute').length;
        const httpRoutes = result.objects.filter((o) => o.manifest.kind === 'HTTPRoute').length;
        expect(httpRoutes).toBe(routes);
        // Every route is also emitted as itself, for the reconciler to write its status on.
        expect(result.objects.filter((o) => o.manifest.kind === 'ToolRoute').length).toBe(routes);
      }),
      { numRuns: 500 },
    );
  });

  test('output does not depend on document order', () => {
    fc.assert(
      fc.property(
        arbitraryEstate.chain(({ docs }) =>
          fc.shuffledSubarray(docs, { minLength: docs.length, maxLength: docs.length }).map((shuffled) => ({ docs, shuffled })),
        ),
        ({ docs, shuffled }) => {
          const a = build(docs).files!;
          const b = build(shuffled).files!;
          expect([...b.entries()]).toEqual([...a.entries()]);
        },
      ),
      { numRuns: 100 },
    );
  });

  test('any error means no files at all', () => {
    const result = build([
      {
        apiVersion: 'runtime.agentic-layer.ai/v1alpha1',
        kind: 'ToolGateway',
        metadata: { name: 'g0', namespace: 'tool-gateway' },
        spec: {},
      },
      {
        apiVersion: 'runtime.agentic-layer.ai/v1alpha1',
        kind: 'ToolRoute',
        metadata: { name: 'ok', namespace: 'a' },
        spec: { upstream: { external: { url: 'https://x.example/mcp' } } },
      },
      {
        apiVersion: 'runtime.agentic-layer.ai/v1alpha1',
        kind: 'ToolRoute',
        metadata: { name: 'bad', namespace: 'a' },
        spec: { upstream: { external: { url: 'x.example/mcp' } } },
      },
    ]);
    expect(result.files).toBeUndefined();
    expect(result.objects).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual([
      '"x.example/mcp" has no scheme; write the full URL, e.g. "https://x.example/mcp"',
    ]);
  });
});
