import { describe, expect, test } from 'vitest';
import type { EmittedObject, Manifest } from '../../src/contracts/manifest.js';
import { ManifestGate, validateManifests } from '../../src/validate/validate-manifests.js';

/** A small CRD of a kind no committed schema knows, with a typed field and a CEL rule. */
function widgetCrd(group = 'example.com', kind = 'Widget'): Manifest {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.toLowerCase()}s.${group}` },
    spec: {
      group,
      names: { kind, plural: `${kind.toLowerCase()}s`, singular: kind.toLowerCase(), listKind: `${kind}List` },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: {
                  type: 'object',
                  required: ['size'],
                  properties: { size: { type: 'integer', minimum: 1 }, name: { type: 'string' } },
                  'x-kubernetes-validations': [{ rule: 'self.size < 10', message: 'size must be below 10' }],
                },
              },
            },
          },
        },
      ],
    },
  };
}

function widget(spec: Record<string, unknown>, kind = 'Widget'): Manifest {
  return { apiVersion: 'example.com/v1', kind, metadata: { name: 'w', namespace: 'team-a' }, spec };
}

const wrap = (manifests: Manifest[]): EmittedObject[] => manifests.map((manifest) => ({ manifest }));
const lines = (objects: EmittedObject[]) => validateManifests(objects).map((p) => `${p.severity} ${p.field ?? ''}: ${p.message}`);

describe('CRDs in the output |', () => {
  test('a kind only the output defines is checked against that CRD: schema and CEL', () => {
    expect(lines(wrap([widgetCrd(), widget({ size: 3 })]))).toEqual([]);
    const wrongType = lines(wrap([widgetCrd(), widget({ size: 'three' })]));
    expect(wrongType.join('\n')).toMatch(/spec\.size/);
    expect(wrongType.some((l) => l.startsWith('error'))).toBe(true);
    const cel = lines(wrap([widgetCrd(), widget({ size: 12 })]));
    expect(cel.join('\n')).toContain('size must be below 10');
  });

  test('without the CRD the kind is still only warned about as unknown', () => {
    const out = lines(wrap([widget({ size: 'three' })]));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^warning .*no schema known for example\.com\/v1 Widget/);
  });

  test('the CRD may come after its objects, in the same or a later batch', () => {
    const gate = new ManifestGate();
    gate.add(wrap([widget({ size: 'three' })]));
    gate.add(wrap([widgetCrd()]));
    const problems = gate.finish();
    expect(problems.map((p) => p.field)).toContain('spec.size');
    expect(problems.every((p) => !/no schema known/.test(p.message))).toBe(true);
  });

  test('an emitted CRD cannot loosen a kind the committed schemas know', () => {
    // A permissive CRD for HTTPRoute: the pinned Gateway API schema still applies.
    const loose = widgetCrd('gateway.networking.k8s.io', 'HTTPRoute');
    const route: Manifest = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'team-a' },
      spec: { size: 3 },
    };
    const out = lines(wrap([loose, route]));
    expect(out.join('\n')).toMatch(/spec\.size/);
  });

  test('a malformed CRD is ignored, not a crash', () => {
    const broken: Manifest = { ...widgetCrd(), spec: { group: 'example.com', names: 'Widget', versions: 'v1' } };
    expect(() => validateManifests(wrap([broken, widget({ size: 3 })]))).not.toThrow();
  });
});
