import { selectorMatches } from '../contracts/selector.js';
import type { Manifest } from '../contracts/manifest.js';
import { policyTypes, type PolicyPeer, type PolicyRule, type PolicySpec } from './network-policy-shape.js';

/** Something a connection starts or ends at. */
export type NetworkEndpoint =
  | { readonly kind: 'pod'; readonly namespace: string; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: 'external'; readonly ip: string };

/** A NetworkPolicy as the evaluator reads it. */
export interface SelectingPolicy {
  readonly namespace: string;
  readonly name: string;
  readonly spec: PolicySpec;
}

export interface NetworkPort {
  readonly protocol: 'TCP' | 'UDP';
  readonly port: number;
}

/**
 * Kubernetes NetworkPolicy semantics over a set of policies, to answer "may A reach B on this
 * port?". A pod is isolated in a direction when a policy of its namespace selects it with that
 * policy type; an isolated pod allows only what some rule of a selecting policy allows; a
 * connection needs both the source's egress and the destination's ingress. `ipBlock` peers
 * match only endpoints outside the cluster, as Cilium enforces them (the compiler never uses
 * ipBlock for in-cluster peers, so this is the strict reading).
 */
export class NetworkPolicyEvaluator {
  private readonly policies: SelectingPolicy[];

  constructor(
    policies: readonly Manifest[],
    private readonly namespaceLabels: (namespace: string) => Readonly<Record<string, string>>,
  ) {
    this.policies = policies
      .filter((m) => m.kind === 'NetworkPolicy')
      .map((m) => ({
        namespace: m.metadata.namespace ?? 'default',
        name: m.metadata.name,
        // The API server drops `spec: null` as if it were left out.
        spec: (m as unknown as { spec?: PolicySpec | null }).spec ?? {},
      }));
  }

  /** Policies that select `pod` for a direction: the pod is isolated in that direction when there is any. */
  public selecting(pod: Extract<NetworkEndpoint, { kind: 'pod' }>, direction: 'Ingress' | 'Egress'): SelectingPolicy[] {
    return this.policies.filter(
      (p) =>
        p.namespace === pod.namespace && policyTypes(p.spec).includes(direction) && selectorMatches(p.spec.podSelector ?? {}, pod.labels),
    );
  }

  public allows(from: NetworkEndpoint, to: NetworkEndpoint, port: NetworkPort): boolean {
    return this.egressAllows(from, to, port) && this.ingressAllows(from, to, port);
  }

  private egressAllows(from: NetworkEndpoint, to: NetworkEndpoint, port: NetworkPort): boolean {
    if (from.kind !== 'pod') return true;
    const selecting = this.selecting(from, 'Egress');
    if (selecting.length === 0) return true;
    return selecting.some((p) => (p.spec.egress ?? []).some((r) => this.ruleMatches(r.to, r.ports, to, port, p.namespace)));
  }

  private ingressAllows(from: NetworkEndpoint, to: NetworkEndpoint, port: NetworkPort): boolean {
    if (to.kind !== 'pod') return true;
    const selecting = this.selecting(to, 'Ingress');
    if (selecting.length === 0) return true;
    return selecting.some((p) => (p.spec.ingress ?? []).some((r) => this.ruleMatches(r.from, r.ports, from, port, p.namespace)));
  }

  private ruleMatches(
    peers: readonly PolicyPeer[] | undefined,
    ports: PolicyRule['ports'],
    other: NetworkEndpoint,
    port: NetworkPort,
    policyNamespace: string,
  ): boolean {
    const portOk =
      !ports ||
      ports.length === 0 ||
      ports.some((p) => {
        if ((p.protocol ?? 'TCP') !== port.protocol) return false;
        if (p.port === undefined) return true;
        if (typeof p.port === 'string') return false; // named ports: not used by the compiler
        return p.endPort !== undefined ? port.port >= p.port && port.port <= p.endPort : port.port === p.port;
      });
    if (!portOk) return false;
    if (!peers || peers.length === 0) return true;
    return peers.some((peer) => this.peerMatches(peer, other, policyNamespace));
  }

  private peerMatches(peer: PolicyPeer, other: NetworkEndpoint, policyNamespace: string): boolean {
    if (peer.ipBlock) {
      if (other.kind !== 'external') return false;
      return cidrContains(peer.ipBlock.cidr, other.ip) && !(peer.ipBlock.except ?? []).some((e) => cidrContains(e, other.ip));
    }
    if (other.kind !== 'pod') return false;
    const nsOk = peer.namespaceSelector
      ? selectorMatches(peer.namespaceSelector, this.namespaceLabels(other.namespace))
      : other.namespace === policyNamespace;
    return nsOk && selectorMatches(peer.podSelector ?? {}, other.labels);
  }
}

function ipv4(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return parts.reduce((address, part) => address * 256 + part, 0);
}

/** IPv4 CIDR containment (IPv6 addresses and blocks never match each other here). */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base = '', bitsText] = cidr.split('/');
  const b = ipv4(base);
  const a = ipv4(ip);
  const bits = Number(bitsText);
  if (b === undefined || a === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  if (bits === 0) return true;
  const mask = (0xffffffff << (32 - bits)) >>> 0;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}
