import { describe, expect, test } from 'vitest';
import type { EmittedObject, Manifest } from '../../src/contracts/manifest.js';
import { checkObjectRules } from '../../src/validate/object-rules.js';
import * as fx from '../support/valid-manifests.js';

function check(...manifests: Manifest[]): string[] {
  return checkObjectRules(manifests.map((manifest) => ({ manifest }))).map((p) => `${p.field}: ${p.message}`);
}

function withMeta(m: Manifest, metadata: Record<string, unknown>): Manifest {
  return { ...m, metadata: { ...m.metadata, ...metadata } };
}

describe('checkObjectRules |', () => {
  test('accepts the valid objects of every kind we emit', () => {
    expect(check(...fx.validObjects())).toEqual([]);
  });

  test('fails a missing name', () => {
    expect(check(withMeta(fx.configMap(), { name: '' }))).toEqual(['metadata.name: required field "name" is missing']);
  });

  test('fails a name with "_" (not a DNS-1123 subdomain)', () => {
    expect(check(withMeta(fx.deployment(), { name: 'pii_adapter' }))).toEqual([
      'metadata.name: name is not a DNS-1123 subdomain; use lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit',
    ]);
  });

  test('fails a name longer than 253 characters', () => {
    const name = 'a'.repeat(254);
    expect(check(withMeta(fx.httpRoute(), { name }))).toEqual([
      `metadata.name: name is too long (254 characters); a DNS-1123 subdomain has at most 253`,
    ]);
  });

  test('holds Service names to DNS-1035 labels (63 characters, starting with a letter)', () => {
    expect(check(withMeta(fx.service(), { name: '1-adapter' }))).toEqual([
      'metadata.name: name is not a DNS-1035 label; use lowercase letters, digits and "-", starting with a letter and ending with a letter or digit',
    ]);
    expect(check(withMeta(fx.service(), { name: 's'.repeat(64) }))).toEqual([
      `metadata.name: name is too long (64 characters); a DNS-1035 label has at most 63`,
    ]);
    // The same name is fine for a ConfigMap.
    expect(check(withMeta(fx.configMap(), { name: '1-adapter' }))).toEqual([]);
  });

  test('holds Namespace names to DNS-1123 labels', () => {
    const ns: Manifest = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } };
    expect(check(ns)).toEqual([
      'metadata.name: name is not a DNS-1123 label; use lowercase letters, digits and "-", starting and ending with a letter or digit',
    ]);
  });

  test('lets RBAC names be any path segment', () => {
    const role: Manifest = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'system:Reader', namespace: 'a' },
    };
    expect(check(role)).toEqual([]);
    expect(check(withMeta(role, { name: 'a/b' }))).toEqual([
      'metadata.name: name is not a path segment name; use any characters except \'/\' and \'%\', and not "." or ".."',
    ]);
  });

  test('fails a namespaced kind without a namespace', () => {
    const cm = fx.configMap();
    expect(check({ ...cm, metadata: { name: cm.metadata.name } })).toEqual([
      'metadata.namespace: required field "namespace" is missing; ConfigMap is a namespaced kind',
    ]);
  });

  test('fails a cluster-scoped kind with a namespace', () => {
    const ns: Manifest = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', namespace: 'default' } };
    expect(check(ns)).toEqual([
      'metadata.namespace: namespace "default" is not allowed; Namespace is cluster-scoped, so metadata.namespace must be unset',
    ]);
  });

  test('fails a namespace that is not a DNS-1123 label', () => {
    expect(check(withMeta(fx.configMap(), { namespace: 'Team_A' }))).toEqual([
      'metadata.namespace: namespace is not a DNS-1123 label; use lowercase letters, digits and "-", starting and ending with a letter or digit',
    ]);
  });

  test('skips the namespace presence check for kinds without a known scope', () => {
    expect(check({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([]);
  });

  test('fails bad label keys', () => {
    const labels = {
      'bad key': 'x',
      'Example.com/name': 'x',
      'example.com/': 'x',
      'a/b/c': 'x',
      ['n'.repeat(64)]: 'x',
      'app.kubernetes.io/name': 'ok',
    };
    expect(check(withMeta(fx.configMap(), { labels }))).toEqual([
      'metadata.labels["bad key"]: label key "bad key" is invalid: the name part "bad key" is not valid; use letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit',
      'metadata.labels["Example.com/name"]: label key "Example.com/name" is invalid: the prefix "Example.com" is not a DNS-1123 subdomain; use lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit',
      'metadata.labels["example.com/"]: label key "example.com/" is invalid: the name part is empty',
      'metadata.labels["a/b/c"]: label key "a/b/c" is invalid: it has more than one "/"; use an optional DNS subdomain prefix, "/", and a name',
      `metadata.labels.${'n'.repeat(64)}: label key "${'n'.repeat(64)}" is invalid: the name part is 64 characters long; at most 63 allowed`,
    ]);
  });

  test('fails bad label values, and accepts an empty one', () => {
    const labels = { a: 'bad value!', b: '-x', c: 'v'.repeat(64), d: '', e: 'Mixed_Case.1' };
    expect(check(withMeta(fx.configMap(), { labels }))).toEqual([
      "metadata.labels.a: label value \"bad value!\" is invalid: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or leave it empty",
      "metadata.labels.b: label value \"-x\" is invalid: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or leave it empty",
      `metadata.labels.c: label value "${'v'.repeat(64)}" is invalid: it is 64 characters long; at most 63 allowed`,
    ]);
  });

  test('checks annotation keys like label keys, but case-insensitively', () => {
    const annotations = { 'Example.com/Note': 'ok', 'bad key': 'x', 'x/': 'y' };
    expect(check(withMeta(fx.configMap(), { annotations }))).toEqual([
      'metadata.annotations["bad key"]: annotation key "bad key" is invalid: the name part "bad key" is not valid; use letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit',
      'metadata.annotations["x/"]: annotation key "x/" is invalid: the name part is empty',
    ]);
  });

  test('fails annotations larger than 256 KiB in total', () => {
    expect(check(withMeta(fx.configMap(), { annotations: { big: 'x'.repeat(262142) } }))).toEqual([
      'metadata.annotations: annotations are too large (262145 bytes of keys and values); at most 262144 allowed',
    ]);
  });

  test('fails a duplicate object, naming both', () => {
    const first: EmittedObject = { manifest: fx.service(), provenance: { intent: { kind: 'Guard', namespace: 'guards', name: 'pii' } } };
    const second: EmittedObject = { manifest: fx.service(), provenance: { intent: { kind: 'Guard', namespace: 'guards', name: 'pii-2' } } };
    expect(checkObjectRules([first, { manifest: fx.configMap() }, second])).toEqual([
      {
        severity: 'error',
        object: { kind: 'Service', namespace: 'guards', name: 'pii-adapter' },
        field: 'metadata.name',
        message:
          'duplicate object: Service guards/pii-adapter (core group) is also emitted as object #1 (generated from Guard guards/pii); ' +
          'names must be unique per group, kind and namespace (generated from Guard guards/pii-2)',
      },
    ]);
  });

  test('counts two versions of one group as the same object, but not other namespaces or kinds', () => {
    const v1 = fx.httpRoute();
    const v1beta1 = { ...fx.httpRoute(), apiVersion: 'gateway.networking.k8s.io/v1beta1' };
    expect(check(v1, v1beta1)).toEqual([
      'metadata.name: duplicate object: HTTPRoute team-a/tg-weather (group gateway.networking.k8s.io) is also emitted as object #1; names must be unique per group, kind and namespace',
    ]);
    expect(
      check(fx.httpRoute(), withMeta(fx.httpRoute(), { namespace: 'team-b' }), { ...fx.backend(), metadata: fx.httpRoute().metadata }),
    ).toEqual([]);
  });
});
