import type {
  INetworkPolicyEgressRule,
  INetworkPolicyIngressRule,
  INetworkPolicyPeer,
  INetworkPolicyPort,
} from 'kubernetes-models/networking.k8s.io/v1';
import { compareStrings } from '../../contracts/json.js';

/** Who is at the other end of an allowed connection. */
export type Peer =
  /** Pods in a namespace, optionally narrowed by labels. Never an ipBlock: Cilium matches ipBlock only to the world. */
  | { readonly namespace: string; readonly podLabels?: Readonly<Record<string, string>> }
  /** Addresses outside the cluster. */
  | { readonly cidr: string };

/** One allowed connection: a peer, a protocol and a destination port. */
export interface Edge {
  readonly peer: Peer;
  readonly protocol: 'TCP' | 'UDP';
  /**
   * The destination pod's port; undefined for every port of the protocol, for a Service whose
   * pods' port is unknown at build time (a policy matches the pod port, not the Service port).
   */
  readonly port?: number;
}

/** The NetworkPolicy form of a peer. */
export function peerToKube(peer: Peer): INetworkPolicyPeer {
  if ('cidr' in peer) return { ipBlock: { cidr: peer.cidr } };
  const ns = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } } };
  return peer.podLabels && Object.keys(peer.podLabels).length > 0 ? { ...ns, podSelector: { matchLabels: { ...peer.podLabels } } } : ns;
}

/**
 * NetworkPolicy rules from edges: one rule per (protocol, port), listing every peer reached on
 * it, so two servers in one namespace on one port share a rule and different ports get their
 * own. Duplicates are dropped and everything is sorted, so the output never depends on the
 * order in which edges were found.
 */
export function rulesFromEdges(edges: readonly Edge[], direction: 'to'): INetworkPolicyEgressRule[];
export function rulesFromEdges(edges: readonly Edge[], direction: 'from'): INetworkPolicyIngressRule[];
export function rulesFromEdges(edges: readonly Edge[], direction: 'to' | 'from'): (INetworkPolicyEgressRule | INetworkPolicyIngressRule)[] {
  const byPort = new Map<string, { protocol: Edge['protocol']; port?: number; peers: Map<string, Peer> }>();
  for (const e of edges) {
    const k = `${e.protocol}/${e.port ?? '*'}`;
    const group = byPort.get(k) ?? { protocol: e.protocol, port: e.port, peers: new Map() };
    group.peers.set(canonicalPeerKey(e.peer), e.peer);
    byPort.set(k, group);
  }
  // Every-port rules (port 0 here, never a real destination port) come first in their protocol.
  return [...byPort.values()]
    .sort((a, b) => compareStrings(a.protocol, b.protocol) || (a.port ?? 0) - (b.port ?? 0))
    .map((g) => {
      const peers = [...g.peers.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, p]) => peerToKube(p));
      const ports: INetworkPolicyPort[] = [g.port === undefined ? { protocol: g.protocol } : { protocol: g.protocol, port: g.port }];
      return direction === 'to' ? { to: peers, ports } : { from: peers, ports };
    });
}

function canonicalPeerKey(p: Peer): string {
  if ('cidr' in p) return `cidr:${p.cidr}`;
  const labels = Object.entries(p.podLabels ?? {}).sort(([a], [b]) => compareStrings(a, b));
  return `ns:${p.namespace}|${JSON.stringify(labels)}`;
}
