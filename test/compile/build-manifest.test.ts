import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildManifest } from '../../src/compile/build-manifest.js';

describe('buildManifest |', () => {
  it('puts apiVersion, kind and metadata before the body fields', () => {
    const m = buildManifest({ apiVersion: 'v1', kind: 'ConfigMap' }, { name: 'c', namespace: 'n' }, { data: { a: 'b' } });
    expect(m).toStrictEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' }, data: { a: 'b' } });
    expect(Object.keys(m)).toStrictEqual(['apiVersion', 'kind', 'metadata', 'data']);
  });

  it('leaves out undefined object fields at every depth, in metadata too, and keeps arrays in order', () => {
    const m = buildManifest(
      { apiVersion: 'apps/v1', kind: 'Deployment' },
      { name: 'd', annotations: undefined },
      { spec: { replicas: undefined, template: { spec: { containers: [{ name: 'a', args: undefined }, { name: 'b' }] } } } },
    );
    expect(m).toStrictEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } } },
    });
  });

  it('copies the body, so later changes to the inputs do not reach the manifest', () => {
    const labels = { app: 'x' };
    const m = buildManifest({ apiVersion: 'v1', kind: 'Service' }, { name: 's', labels }, {});
    labels.app = 'y';
    expect(m.metadata.labels).toStrictEqual({ app: 'x' });
  });

  it('gives what a JSON round trip gives, for any body whose arrays hold no undefined', () => {
    // JSON.stringify drops undefined object fields and JSON.parse makes `__proto__` an own field:
    // an independent statement of what the copy must be. (No `constructor` key: toStrictEqual
    // reads it to compare the objects' types.)
    const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'toString', 'hasOwnProperty'));
    const { value } = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
        fc.array(
          tie('value').filter((v) => v !== undefined),
          { maxLength: 4 },
        ),
        fc.dictionary(key, fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 5 }),
      ),
    }));
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), (body) => {
        const input = JSON.parse(JSON.stringify({ spec: body })) as { spec: unknown };
        const withHoles = { spec: body, extra: undefined };
        const m = buildManifest({ apiVersion: 'v1', kind: 'ConfigMap' }, { name: 'c' }, withHoles);
        expect(m.spec).toStrictEqual(input.spec);
        expect(Object.keys(m)).toStrictEqual(['apiVersion', 'kind', 'metadata', 'spec']);
      }),
      { numRuns: 500 },
    );
  });
});
