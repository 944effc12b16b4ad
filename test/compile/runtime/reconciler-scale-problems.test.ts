import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/contracts/problem.js';
import type { ReconcilerPlan } from '../../../src/contracts/reconciler-plan.js';
import { routeToUrl, toolGateway } from '../../support/intent-fixtures.js';
import { compileDocs, compileValid, findManifest, identities } from '../../support/compile-fixtures.js';

type Node = Record<string, any>;

const ESTATE = [toolGateway('tool-gateway', 'tg'), routeToUrl('team-a', 'docs', 'https://docs.example.com/mcp')];
const planOf = (replicas?: number, shards?: number): ReconcilerPlan =>
  JSON.parse(
    (
      findManifest(compileValid(ESTATE, { reconciler: { replicas, shards } }), 'ConfigMap', 'tool-gateway', 'tool-gateway-reconciler-plan')
        .data as Record<string, string>
    )['plan.json']!,
  );

describe('reconciler replicas and shards |', () => {
  it('default to 2 replicas over 4 shards; more replicas than 4 get as many shards', () => {
    expect(planOf().leases).toStrictEqual({ namespace: 'tool-gateway', name: 'tool-gateway-reconciler', shards: 4, replicas: 2 });
    expect(planOf(6).leases).toMatchObject({ shards: 6, replicas: 6 });
    expect(planOf(3, 1).leases).toMatchObject({ shards: 1, replicas: 3 });
  });

  it('refuse what is not a whole number from 1 to the bound, one line per option, naming the flag and the value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -5, max: 0 }),
          fc.integer({ min: 17, max: 1000 }),
          fc.double({ noInteger: true }),
          fc.constant(Number.NaN),
        ),
        fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 65, max: 10_000 })),
        (replicas, shards) => {
          const { objects, problems } = compileDocs(ESTATE, { reconciler: { replicas, shards } });
          const lines = problems.filter((p) => p.severity === 'error').map(formatProblem);
          expect(lines[0]).toBe(
            `error: reconciler.replicas: ${Number.isFinite(replicas) ? JSON.stringify(replicas) : String(replicas)} is not allowed (--reconciler-replicas); give a whole number from 1 to 16`,
          );
          expect(lines.length).toBe(shards > 64 ? 2 : 1);
          if (shards > 64)
            expect(lines[1]).toMatch(
              /^error: reconciler\.shards: \d+ is not allowed \(--reconciler-shards\); give a whole number from 1 to 64$/,
            );
          expect(objects.some((m) => m.manifest.metadata.name.startsWith('tool-gateway-reconciler'))).toBe(false);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('one replica is replaced, not rolled, with no disruption budget and no spread; its Leases still apply', () => {
    const ms = compileValid(ESTATE, { reconciler: { replicas: 1 } });
    const d = findManifest(ms, 'Deployment', 'tool-gateway', 'tool-gateway-reconciler') as Node;
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.strategy).toStrictEqual({ type: 'Recreate' });
    expect(d.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(identities(ms).filter((i) => i.startsWith('PodDisruptionBudget'))).toEqual([]);
    expect(identities(ms)).toContain('Role tool-gateway/tool-gateway-reconciler-leases');
  });

  it('more replicas roll one at a time, spread over nodes, keep one through a drain and know their pod name', () => {
    const ms = compileValid(ESTATE, { reconciler: { replicas: 3 } });
    const d = findManifest(ms, 'Deployment', 'tool-gateway', 'tool-gateway-reconciler') as Node;
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.strategy).toStrictEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    const selector = { matchLabels: { 'app.kubernetes.io/name': 'tool-gateway-reconciler' } };
    expect(d.spec.selector).toStrictEqual(selector);
    expect(d.spec.template.spec.topologySpreadConstraints).toStrictEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
    ]);
    expect(d.spec.template.spec.containers[0].env).toContainEqual({
      name: 'POD_NAME',
      valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } },
    });
    const pdb = findManifest(ms, 'PodDisruptionBudget', 'tool-gateway', 'tool-gateway-reconciler') as Node;
    expect(pdb.spec).toStrictEqual({ minAvailable: 1, selector });
    expect(pdb.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('1');
  });
});
