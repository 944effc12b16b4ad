import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/contracts/problem.js';
import type { SkippedObject } from '../../src/intent/parse-intent.js';
import { KUSTOMIZATION_FILE, reportSkippedObjects } from '../../src/intent/skipped-objects.js';

const object = (kind: string, apiVersion: string, file: string, name?: string): SkippedObject => ({
  apiVersion,
  kind,
  namespace: name ? 'ns' : undefined,
  name,
  origin: { file, line: 3 },
});

function report(skipped: SkippedObject[], files: string[] = [], strict = false): Problem[] {
  const problems: Problem[] = [];
  reportSkippedObjects(skipped, files, strict, problems);
  return problems;
}

describe('reportSkippedObjects |', () => {
  it('says nothing when nothing was skipped', () => {
    expect(report([])).toStrictEqual([]);
    expect(report([], [], true)).toStrictEqual([]);
  });

  it('gives one info line, by kind and apiVersion in sorted order, with the files when there are few', () => {
    expect(
      report([object('Service', 'v1', 'b.yaml', 's'), object('ConfigMap', 'v1', 'a.yaml', 'c'), object('ConfigMap', 'v1', 'b.yaml', 'd')]),
    ).toStrictEqual([
      {
        severity: 'info',
        message:
          'skipped 2 ConfigMap (v1) and 1 Service (v1) in a.yaml, b.yaml: not intent, so nothing is compiled from them; --strict-input makes them errors',
      },
    ]);
    expect(report(['a', 'b', 'c', 'd'].map((f) => object('Deployment', 'apps/v1', `${f}.yaml`, f)))[0]?.message).toBe(
      'skipped 4 Deployment (apps/v1) in 4 files: not intent, so nothing is compiled from them; --strict-input makes them errors',
    );
  });

  it('counts kustomize documents with the kustomization files, on a line of their own', () => {
    const problems = report(
      [object('Kustomization', 'kustomize.config.k8s.io/v1beta1', 'k.yaml'), object('Pod', 'v1', 'p.yaml', 'p')],
      ['x/kustomization.yaml'],
    );
    expect(problems.map((p) => p.message.split(':')[0])).toStrictEqual([
      'skipped 2 kustomizations in k.yaml, x/kustomization.yaml',
      'skipped 1 Pod (v1) in p.yaml',
    ]);
    expect(problems.every((p) => p.severity === 'info' && !p.message.includes('undefined'))).toBe(true);
  });

  it('escapes control characters of a hostile kind', () => {
    expect(report([object('Evil\u001b[2J', 'v1', 'a.yaml', 'e')])[0]?.message).toContain('1 Evil\\u001b[2J (v1)');
  });

  it('with strict, refuses each object at its own place, named when it has a name', () => {
    expect(
      report(
        [object('Service', 'v1', 'a.yaml', 's'), object('Component', 'kustomize.config.k8s.io/v1alpha1', 'c.yaml')],
        ['kustomization.yaml'],
        true,
      ),
    ).toStrictEqual([
      {
        severity: 'error',
        message:
          'is a kustomization file, not intent, and --strict-input refuses it; pass the intent files or the output of `kustomize build`',
        origin: { file: 'kustomization.yaml' },
      },
      {
        severity: 'error',
        object: { kind: 'Service', namespace: 'ns', name: 's' },
        message:
          'is not intent (kind Service of v1), and --strict-input refuses what is not intent; remove it from the input or drop --strict-input',
        origin: { file: 'a.yaml', line: 3 },
      },
      {
        severity: 'error',
        object: undefined,
        message:
          'is not intent (kind Component of kustomize.config.k8s.io/v1alpha1), and --strict-input refuses what is not intent; remove it from the input or drop --strict-input',
        origin: { file: 'c.yaml', line: 3 },
      },
    ]);
  });

  it('counts every skipped object exactly once (property)', () => {
    const kinds = fc.constantFrom(
      ['ConfigMap', 'v1'],
      ['Deployment', 'apps/v1'],
      ['Agent', 'runtime.agentic-layer.ai/v1alpha1'],
      ['Service', 'v1'],
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(kinds, fc.nat(5)), { maxLength: 30 }), (picked) => {
        const skipped = picked.map(([[kind, apiVersion], f]) => object(kind, apiVersion, `f${f}.yaml`, 'n'));
        const problems = report(skipped);
        if (skipped.length === 0) return problems.length === 0;
        const counts = [...(problems[0]?.message.matchAll(/(\d+) (\w+) \(/g) ?? [])].map((m) => [m[2], Number(m[1])] as const);
        const expected = new Map<string, number>();
        for (const o of skipped) expected.set(o.kind, (expected.get(o.kind) ?? 0) + 1);
        return problems.length === 1 && counts.length === expected.size && counts.every(([k, n]) => expected.get(k as string) === n);
      }),
    );
  });

  it('knows kustomize file names and nothing else', () => {
    for (const f of ['kustomization.yaml', 'a/kustomization.yml', 'Kustomization', 'b\\Kustomization'])
      expect(KUSTOMIZATION_FILE.test(f), f).toBe(true);
    for (const f of ['my-kustomization.yaml', 'kustomization.yaml.bak', 'Kustomization.yaml', 'kustomization.json']) {
      expect(KUSTOMIZATION_FILE.test(f), f).toBe(false);
    }
  });
});
