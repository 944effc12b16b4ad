import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../src/contracts/manifest.js';
import { compareStrings } from '../../../src/contracts/json.js';
import { ManifestIndex } from '../../../src/compile/runtime/manifest-index.js';

// The scans the planner did before the index, kept as the oracle.
function naivePoliciesTargeting(manifests: readonly Manifest[], namespace: string, kind: string, name: string): string[] {
  return manifests
    .filter((m) => m.kind === 'AgentgatewayPolicy' && m.metadata.namespace === namespace)
    .filter((m) => {
      const refs = (m.spec as { targetRefs?: { kind?: string; name?: string }[] } | undefined)?.targetRefs ?? [];
      return refs.some((ref) => ref.kind === kind && ref.name === name);
    })
    .map((m) => m.metadata.name)
    .sort(compareStrings);
}

function naiveHasDeployment(manifests: readonly Manifest[], namespace: string, name: string): boolean {
  return manifests.some((m) => m.kind === 'Deployment' && m.metadata.namespace === namespace && m.metadata.name === name);
}

// Small pools so random manifests collide on namespace, name and target often.
const NAMESPACES = ['a', 'b', 'a/b'];
const NAMES = ['x', 'y', 'z', 'b/x'];
const KINDS = ['Gateway', 'HTTPRoute', 'Deployment'];

const targetRef = fc.record(
  { kind: fc.constantFrom(...KINDS), name: fc.constantFrom(...NAMES), group: fc.constant('gateway.networking.k8s.io') },
  { requiredKeys: [] },
);

const manifest: fc.Arbitrary<Manifest> = fc
  .record({
    kind: fc.constantFrom('AgentgatewayPolicy', 'Deployment', 'HTTPRoute'),
    namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
    name: fc.constantFrom(...NAMES),
    refs: fc.option(fc.array(targetRef, { maxLength: 4 }), { nil: undefined }),
    noSpec: fc.boolean(),
  })
  .map(({ kind, namespace, name, refs, noSpec }) => ({
    apiVersion: 'v1',
    kind,
    metadata: namespace === undefined ? { name } : { name, namespace },
    ...(noSpec ? {} : { spec: refs === undefined ? {} : { targetRefs: refs } }),
  }));

describe('ManifestIndex', () => {
  it('finds the same policies and deployments as scanning every manifest', () => {
    fc.assert(
      fc.property(fc.array(manifest, { maxLength: 40, size: 'max' }), (manifests) => {
        const index = new ManifestIndex(manifests);
        for (const namespace of NAMESPACES) {
          for (const name of NAMES) {
            for (const kind of KINDS) {
              expect(index.policiesTargeting(namespace, kind, name)).toEqual(naivePoliciesTargeting(manifests, namespace, kind, name));
            }
            expect(index.hasDeployment(namespace, name)).toBe(naiveHasDeployment(manifests, namespace, name));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('lists a policy once even when it names the same target twice', () => {
    const policy: Manifest = {
      apiVersion: 'agentgateway.dev/v1alpha1',
      kind: 'AgentgatewayPolicy',
      metadata: { name: 'p', namespace: 'a' },
      spec: {
        targetRefs: [
          { kind: 'HTTPRoute', name: 'r' },
          { kind: 'HTTPRoute', name: 'r' },
        ],
      },
    };
    expect(new ManifestIndex([policy]).policiesTargeting('a', 'HTTPRoute', 'r')).toEqual(['p']);
  });

  it('returns a fresh array each time, so a caller cannot change the index', () => {
    const policy: Manifest = {
      apiVersion: 'agentgateway.dev/v1alpha1',
      kind: 'AgentgatewayPolicy',
      metadata: { name: 'p', namespace: 'a' },
      spec: { targetRefs: [{ kind: 'Gateway', name: 'g' }] },
    };
    const index = new ManifestIndex([policy]);
    index.policiesTargeting('a', 'Gateway', 'g').push('intruder');
    expect(index.policiesTargeting('a', 'Gateway', 'g')).toEqual(['p']);
  });
});
