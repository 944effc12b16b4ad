import { GATEWAY_POD_LABEL } from '../contracts/labels.js';
import type { LabelSelector } from '../contracts/selector.js';
import { compareStrings } from '../contracts/json.js';
import type { Manifest } from '../contracts/manifest.js';
import { NetworkPolicyEvaluator } from './network-policy-evaluator.js';
import type { PolicyPeer, PolicyRule } from './network-policy-shape.js';

/** A workload to explain: `<namespace>/<kind>/<name>`, kind `deployment` or `gateway`. */
export interface WorkloadRef {
  readonly namespace: string;
  readonly kind: 'deployment' | 'gateway';
  readonly name: string;
}

export function parseWorkloadRef(text: string): WorkloadRef | string {
  const [, namespace, kindText, name] = /^([^/]+)\/([^/]+)\/([^/]+)$/.exec(text) ?? [];
  const kind = kindText?.toLowerCase();
  if (namespace === undefined || name === undefined || (kind !== 'deployment' && kind !== 'gateway')) {
    return `${JSON.stringify(text)} is not a workload; write <namespace>/deployment/<name> or <namespace>/gateway/<name>`;
  }
  return { namespace, kind, name };
}

export function selectorText(s: LabelSelector | undefined): string {
  const parts = [
    ...Object.entries(s?.matchLabels ?? {})
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([k, v]) => `${k}=${v}`),
    ...(s?.matchExpressions ?? []).map((e) => `${e.key} ${e.operator}${e.values ? ` (${e.values.join(', ')})` : ''}`),
  ];
  return parts.join(', ');
}

export function peerText(p: PolicyPeer, policyNamespace: string): string {
  if (p.ipBlock)
    return `addresses in ${p.ipBlock.cidr}${p.ipBlock.except?.length ? ` except ${p.ipBlock.except.join(', ')}` : ''} (outside the cluster)`;
  const ns = p.namespaceSelector;
  const nsName = ns?.matchLabels?.['kubernetes.io/metadata.name'];
  const where = !ns
    ? `namespace ${policyNamespace}`
    : nsName && Object.keys(ns.matchLabels ?? {}).length === 1 && !ns.matchExpressions
      ? `namespace ${nsName}`
      : selectorText(ns)
        ? `namespaces with ${selectorText(ns)}`
        : 'any namespace';
  const pods = selectorText(p.podSelector);
  return `${pods ? `pods ${pods}` : 'all pods'} in ${where}`;
}

export function portsText(r: PolicyRule): string {
  if (!r.ports?.length) return 'any port';
  return r.ports.map((p) => `${p.protocol ?? 'TCP'} ${p.port ?? 'any'}${p.endPort ? `-${p.endPort}` : ''}`).join(', ');
}

/**
 * For one workload, who may reach it and what it may reach, read off the NetworkPolicies in
 * `manifests` — the answer to a reviewer's first question about an isolation change.
 */
export function explainWorkload(manifests: readonly Manifest[], ref: WorkloadRef): string[] {
  let labels: Record<string, string>;
  let title: string;
  if (ref.kind === 'gateway') {
    labels = { [GATEWAY_POD_LABEL]: ref.name };
    title = `Gateway ${ref.namespace}/${ref.name} (agentgateway proxy pods ${GATEWAY_POD_LABEL}=${ref.name})`;
  } else {
    const d = manifests.find((m) => m.kind === 'Deployment' && m.metadata.namespace === ref.namespace && m.metadata.name === ref.name) as
      { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } } | undefined;
    if (!d) return [`no Deployment ${ref.namespace}/${ref.name} among the manifests`];
    labels = d.spec?.template?.metadata?.labels ?? {};
    title = `Deployment ${ref.namespace}/${ref.name} (pods ${selectorText({ matchLabels: labels })})`;
  }
  const evaluator = new NetworkPolicyEvaluator(manifests, namespaceLabelsOf(manifests));
  const pod = { kind: 'pod', namespace: ref.namespace, labels } as const;
  const lines = [title];
  for (const [direction, key, verb] of [
    ['Ingress', 'ingress', 'may be reached by'],
    ['Egress', 'egress', 'may reach'],
  ] as const) {
    const selecting = evaluator.selecting(pod, direction);
    if (selecting.length === 0) {
      lines.push(`${key}: not isolated; anything ${direction === 'Ingress' ? 'may reach it' : 'may be reached'}`);
      continue;
    }
    lines.push(`${key}: isolated by ${selecting.map((p) => `NetworkPolicy ${p.namespace}/${p.name}`).join(', ')}; it ${verb}:`);
    const rules = selecting.flatMap((p) => p.spec[key] ?? []);
    if (rules.length === 0) lines.push('  nothing');
    for (const r of rules) {
      const peers = (direction === 'Ingress' ? r.from : r.to) ?? [];
      const who = peers.length === 0 ? ['anything'] : peers.map((p) => peerText(p, ref.namespace));
      for (const w of who) lines.push(`  - ${w}, on ${portsText(r)}`);
    }
  }
  return lines;
}

/**
 * Namespace labels for namespace selectors: those of the v1 Namespaces among the manifests, plus
 * `kubernetes.io/metadata.name`, which the API server sets on every namespace.
 */
export function namespaceLabelsOf(manifests: readonly Manifest[]): (namespace: string) => Readonly<Record<string, string>> {
  const known = new Map(
    manifests.filter((m) => m.apiVersion === 'v1' && m.kind === 'Namespace').map((m) => [m.metadata.name, m.metadata.labels]),
  );
  return (namespace) => ({ ...known.get(namespace), 'kubernetes.io/metadata.name': namespace });
}
