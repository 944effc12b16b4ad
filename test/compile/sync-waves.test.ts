import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildOutput } from '../../src/app/build-output.js';
import { SYNC_WAVE_ANNOTATION, SYNC_WAVES, withSyncWaves } from '../../src/compile/sync-waves.js';
import type { Manifest } from '../../src/contracts/manifest.js';
import type { Problem } from '../../src/contracts/problem.js';
import { renderYaml } from '../../src/emit/render-yaml.js';
import { assembleEstate } from '../../src/intent/assemble-estate.js';
import { parseYamlText } from '../../src/intent/load-yaml-input.js';
import { arbitraryEstate } from '../support/arbitrary-estate.js';
import { TEST_RUNTIME_ASSETS } from '../support/runtime-assets.js';

function build(docs: readonly Record<string, unknown>[], extra: Manifest[] = []) {
  const problems: Problem[] = [];
  const text = renderYaml(docs as unknown as Manifest[]);
  const estate = assembleEstate(parseYamlText(text, 'estate.yaml', problems), problems);
  return buildOutput({
    estate,
    inputProblems: problems,
    runtimeAssets: TEST_RUNTIME_ASSETS,
    extraObjects: extra.map((manifest) => ({ manifest })),
  });
}

/** Every `{kind, name}` reference inside an object's body: parentRefs, backendRefs, targetRefs, parametersRef, subjects, ... */
function referencedKinds(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) referencedKinds(v, out);
  else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (typeof o.kind === 'string' && typeof o.name === 'string') out.push(o.kind);
    for (const v of Object.values(o)) referencedKinds(v, out);
  }
  return out;
}

const waveOf = (m: Manifest) => Number(m.metadata.annotations?.[SYNC_WAVE_ANNOTATION]);

describe('sync waves |', () => {
  test("every object of any random estate has its kind's wave, and nothing refers to an object of a later wave", () => {
    fc.assert(
      fc.property(arbitraryEstate, ({ docs }) => {
        const result = build(docs);
        expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
        for (const { manifest } of result.objects) {
          expect(manifest.metadata.annotations?.[SYNC_WAVE_ANNOTATION], `${manifest.kind} ${manifest.metadata.name}`).toBe(
            String(SYNC_WAVES[manifest.kind]),
          );
          const body = Object.entries(manifest).filter(([key]) => key !== 'metadata');
          for (const kind of referencedKinds(body)) {
            if (SYNC_WAVES[kind] === undefined) continue;
            expect(SYNC_WAVES[kind], `${manifest.kind} ${manifest.metadata.name} refers to a ${kind}`).toBeLessThanOrEqual(
              waveOf(manifest),
            );
          }
        }
      }),
      { numRuns: 15 },
    );
  });

  test('the table follows the dependency order of the README', () => {
    const tiers = [
      ['CustomResourceDefinition'],
      ['ServiceAccount', 'Role', 'RoleBinding', 'ConfigMap', 'NetworkPolicy'],
      ['Deployment', 'Service'],
      ['Gateway', 'AgentgatewayBackend', 'AgentgatewayParameters'],
      ['AgentgatewayPolicy', 'HTTPRoute'],
      ['ToolGateway', 'ToolRoute', 'Guard', 'GuardrailProvider'],
    ];
    for (let i = 1; i < tiers.length; i++) {
      for (const later of tiers[i] as string[]) {
        for (const earlier of tiers[i - 1] as string[]) {
          expect(SYNC_WAVES[earlier], `${earlier} before ${later}`).toBeLessThan(SYNC_WAVES[later] ?? Number.NaN);
        }
      }
    }
  });

  test('an object that already names a wave keeps it, and its other annotations stay', () => {
    const manifest: Manifest = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', namespace: 'ns', annotations: { [SYNC_WAVE_ANNOTATION]: '7', 'example.com/x': 'y' } },
    };
    expect(withSyncWaves([{ manifest }])[0]?.manifest.metadata.annotations).toEqual({ [SYNC_WAVE_ANNOTATION]: '7', 'example.com/x': 'y' });
    const plain: Manifest = { ...manifest, metadata: { name: 'a', namespace: 'ns', annotations: { 'example.com/x': 'y' } } };
    expect(withSyncWaves([{ manifest: plain }])[0]?.manifest.metadata.annotations).toEqual({
      [SYNC_WAVE_ANNOTATION]: '0',
      'example.com/x': 'y',
    });
    // The input is not changed in place.
    expect(plain.metadata.annotations).toEqual({ 'example.com/x': 'y' });
  });

  test('a status carrier keeps the sync-options annotation it carries when the CRDs are elsewhere', () => {
    const docs = [
      { apiVersion: 'runtime.agentic-layer.ai/v1alpha1', kind: 'ToolGateway', metadata: { name: 'gw', namespace: 'tools' }, spec: {} },
    ];
    const problems: Problem[] = [];
    const estate = assembleEstate(parseYamlText(renderYaml(docs), 'e.yaml', problems), problems);
    const result = buildOutput({
      estate,
      inputProblems: problems,
      runtimeAssets: TEST_RUNTIME_ASSETS,
      options: { reconciler: { crds: false } },
    });
    const carrier = result.objects.find((o) => o.manifest.kind === 'ToolGateway')?.manifest;
    expect(carrier?.metadata.annotations).toEqual({
      [SYNC_WAVE_ANNOTATION]: '4',
      'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
    });
  });

  test('a kind without a wave is a compiler bug, not a silent wave 0', () => {
    expect(() => withSyncWaves([{ manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } } }])).toThrow(
      'Secret s has no Argo CD sync wave; add its kind to SYNC_WAVES',
    );
  });

  test("objects of a user's own chart are emitted as they are", () => {
    const own: Manifest = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'mine', namespace: 'tools' }, data: {} };
    const result = build([], [own]);
    expect(result.objects.map((o) => o.manifest)).toContainEqual(own);
  });
});
