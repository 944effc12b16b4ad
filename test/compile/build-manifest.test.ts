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
});
