import { describe, expect, it } from 'vitest';
import { routeToUrl, toolGateway } from '../../support/intent-fixtures.js';
import { compileValid, findManifest } from '../../support/compile-fixtures.js';

type Node = Record<string, any>;

describe('reconciler Lease RBAC |', () => {
  const ms = compileValid([toolGateway('tool-gateway', 'tg'), routeToUrl('team-a', 'docs', 'https://docs.example.com/mcp')], {
    reconciler: { namespace: 'ops', replicas: 2, shards: 3 },
  });

  it('grants Leases in the reconciler namespace only: create/list/watch, and get/update of its own Lease names', () => {
    const role = findManifest(ms, 'Role', 'ops', 'tool-gateway-reconciler-leases') as Node;
    expect(role.rules).toStrictEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'list', 'watch'] },
      {
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        resourceNames: [
          'tool-gateway-reconciler-shard-0',
          'tool-gateway-reconciler-shard-1',
          'tool-gateway-reconciler-shard-2',
          'tool-gateway-reconciler-member-0',
          'tool-gateway-reconciler-member-1',
          'tool-gateway-reconciler-member-2',
        ],
        verbs: ['get', 'update'],
      },
    ]);
    const others = ms.filter((m) => m.kind === 'Role' && m !== role) as Node[];
    for (const r of others) for (const rule of r.rules) expect(rule.resources).not.toContain('leases');
    expect(ms.some((m) => m.kind === 'ClusterRole' || m.kind === 'ClusterRoleBinding')).toBe(false);
  });

  it('binds it to the reconciler ServiceAccount, in the same namespace, with the Roles sync wave', () => {
    const binding = findManifest(ms, 'RoleBinding', 'ops', 'tool-gateway-reconciler-leases') as Node;
    expect(binding.roleRef).toStrictEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tool-gateway-reconciler-leases' });
    expect(binding.subjects).toStrictEqual([{ kind: 'ServiceAccount', name: 'tool-gateway-reconciler', namespace: 'ops' }]);
    expect(binding.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
  });
});
