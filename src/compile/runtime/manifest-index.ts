import { compareStrings } from '../../contracts/json.js';
import type { Manifest } from '../../contracts/manifest.js';

type TargetRef = { kind?: unknown; name?: unknown };

/**
 * The emitted manifests the reconciler plan looks up, indexed once: which AgentgatewayPolicies
 * target an object, and whether a Deployment was emitted. Scanning every manifest per route made
 * planning routes × objects; with the index each lookup is one map access.
 */
export class ManifestIndex {
  /** Policy names by namespace, target kind and target name, sorted. */
  private readonly policies = new Map<string, string[]>();
  private readonly deployments = new Set<string>();

  constructor(manifests: Iterable<Manifest>) {
    for (const m of manifests) {
      const { namespace, name } = m.metadata;
      // Lookups always name a namespace, so a manifest without one can never match.
      if (namespace === undefined) continue;
      if (m.kind === 'Deployment') this.deployments.add(indexKey(namespace, 'Deployment', name));
      if (m.kind !== 'AgentgatewayPolicy') continue;
      const refs = (m.spec as { targetRefs?: TargetRef[] } | undefined)?.targetRefs ?? [];
      // A policy naming the same target twice is still one policy targeting it.
      const targets = new Set<string>();
      for (const ref of refs) {
        if (typeof ref.kind === 'string' && typeof ref.name === 'string') targets.add(indexKey(namespace, ref.kind, ref.name));
      }
      for (const k of targets) {
        const list = this.policies.get(k);
        if (list) list.push(name);
        else this.policies.set(k, [name]);
      }
    }
    for (const list of this.policies.values()) list.sort(compareStrings);
  }

  /** Names of the AgentgatewayPolicies in `namespace` whose targetRefs include `kind`/`name`, sorted. */
  policiesTargeting(namespace: string, kind: string, name: string): string[] {
    // A copy: the plan owns its arrays.
    return [...(this.policies.get(indexKey(namespace, kind, name)) ?? [])];
  }

  /** Whether a Deployment `namespace`/`name` was emitted. */
  hasDeployment(namespace: string, name: string): boolean {
    return this.deployments.has(indexKey(namespace, 'Deployment', name));
  }
}

// JSON keeps the parts apart whatever characters they hold.
function indexKey(namespace: string, kind: string, name: string): string {
  return JSON.stringify([namespace, kind, name]);
}
