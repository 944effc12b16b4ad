import type { Edge } from './network-edges.js';
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

/**
 * The namespace of an in-cluster Service host, or undefined for an external host:
 * `<svc>.<ns>.svc.<cluster domain>` and `<svc>.<ns>.svc` (one trailing dot allowed); a bare
 * `<svc>`, which the pod's DNS search path resolves in its own namespace; and `<svc>.<ns>`
 * when `<ns>` is a namespace of the estate (the search path's `svc.<domain>` entry resolves
 * it; for an unknown `<ns>` it may as well be a public name).
 */
export function inClusterNamespace(host: string, dns: DnsContext): string | undefined {
  let h = host.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(':')) return undefined;
  for (const suffix of [`.svc.${dns.clusterDomain.toLowerCase()}`, '.svc']) {
    if (!h.endsWith(suffix)) continue;
    const rest = h.slice(0, -suffix.length);
    const dot = rest.lastIndexOf('.');
    if (dot <= 0 || dot === rest.length - 1) return undefined;
    return rest.slice(dot + 1);
  }
  const [first, second, ...more] = h.split('.');
  if (second === undefined) return first ? dns.callerNamespace : undefined;
  if (more.length === 0 && dns.knownNamespaces.has(second)) return second;
  return undefined;
}

/**
 * The egress edge for reaching an endpoint: in-cluster hosts by namespace (narrowed to the
 * ToolServer's pods when we know them), external hosts by `0.0.0.0/0` on their port — so all
 * external https upstreams share one 443 rule.
 */
export function edgeForEndpoint(
  endpoint: Pick<UpstreamEndpoint, 'host' | 'port'>,
  dns: DnsContext,
  podLabels?: Readonly<Record<string, string>>,
): Edge {
  const namespace = inClusterNamespace(endpoint.host, dns);
  if (namespace) return { peer: podLabels ? { namespace, podLabels } : { namespace }, protocol: 'TCP', port: endpoint.port };
  return { peer: { cidr: WORLD }, protocol: 'TCP', port: endpoint.port };
}
