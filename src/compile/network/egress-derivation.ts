import type { Edge } from './network-edges.js';
import type { Estate } from '../../intent/estate.js';
import type { UpstreamEndpoint } from '../resolve/upstream-endpoint.js';

/** Every address outside the cluster; host-level restriction is agentgateway's job, not the CNI's. */
export const WORLD = '0.0.0.0/0';

/** What the compiler knows about where a connection starts, to resolve short Service names. */
export interface DnsContext {
  readonly clusterDomain: string;
  /** Namespace of the calling pod: a single-label host resolves there through the DNS search path. */
  readonly callerNamespace: string;
  /** Namespaces of the estate: `<svc>.<ns>` resolves in-cluster only when `<ns>` is one of them. */
  readonly knownNamespaces: ReadonlySet<string>;
}

/** A Service the cluster's DNS resolves a host to. */
export interface InClusterService {
  readonly namespace: string;
  readonly service: string;
}

/** The namespaces of the estate: where `<svc>.<ns>` is taken for an in-cluster name. */
export function estateNamespaces(estate: Estate): Set<string> {
  return new Set<string>([
    ...estate.namespaces.map((n) => n.name),
    ...[estate.toolGateways, estate.toolRoutes, estate.toolServers, estate.guards, estate.guardrailProviders]
      .flat()
      .map((o) => o.namespace),
  ]);
}

/**
 * The Service an in-cluster host names, or undefined for an external host:
 * `<svc>.<ns>.svc.<cluster domain>` and `<svc>.<ns>.svc` (one trailing dot allowed, any case); a
 * bare `<svc>`, which the pod's DNS search path resolves in its own namespace; and `<svc>.<ns>`
 * when `<ns>` is a namespace of the estate (the search path's `svc.<domain>` entry resolves
 * it; for an unknown `<ns>` it may as well be a public name).
 */
export function inClusterService(host: string, dns: DnsContext): InClusterService | undefined {
  let h = host.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (ipFamily(h)) return undefined;
  for (const suffix of [`.svc.${dns.clusterDomain.toLowerCase()}`, '.svc']) {
    if (!h.endsWith(suffix)) continue;
    const rest = h.slice(0, -suffix.length);
    const dot = rest.lastIndexOf('.');
    if (dot <= 0 || dot === rest.length - 1) return undefined;
    // `<pod-ip>.<svc>.<ns>.svc` and friends name one pod of the Service; the Service is the last label before <ns>.
    const service = rest.slice(0, dot).split('.').pop() ?? '';
    return { namespace: rest.slice(dot + 1), service };
  }
  const [first, second, ...more] = h.split('.');
  if (second === undefined) return first ? { namespace: dns.callerNamespace, service: first } : undefined;
  if (more.length === 0 && first && dns.knownNamespaces.has(second)) return { namespace: second, service: first };
  return undefined;
}

/** The namespace of an in-cluster Service host (see `inClusterService`), or undefined for an external host. */
export function inClusterNamespace(host: string, dns: DnsContext): string | undefined {
  return inClusterService(host, dns)?.namespace;
}

/** 4 or 6 for an IP literal (IPv6 without brackets, as `parseExternalUrl` leaves it), else undefined. */
export function ipFamily(host: string): 4 | 6 | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return 4;
  return host.includes(':') ? 6 : undefined;
}

/**
 * The egress edge for reaching an endpoint: in-cluster hosts by namespace (narrowed to the
 * ToolServer's pods when we know them), an IP literal by its own address (/32 or /128), other
 * external hosts by `0.0.0.0/0` on their port — so all external https upstreams share one 443 rule.
 */
export function edgeForEndpoint(
  endpoint: Pick<UpstreamEndpoint, 'host' | 'port'>,
  dns: DnsContext,
  podLabels?: Readonly<Record<string, string>>,
): Edge {
  const family = ipFamily(endpoint.host);
  if (family) return { peer: { cidr: `${endpoint.host}/${family === 4 ? 32 : 128}` }, protocol: 'TCP', port: endpoint.port };
  const namespace = inClusterNamespace(endpoint.host, dns);
  if (namespace) return { peer: podLabels ? { namespace, podLabels } : { namespace }, protocol: 'TCP', port: endpoint.port };
  return { peer: { cidr: WORLD }, protocol: 'TCP', port: endpoint.port };
}
