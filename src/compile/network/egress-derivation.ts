import type { Edge } from './network-edges.js';
import type { Estate } from '../../intent/estate.js';
import type { UpstreamEndpoint } from '../resolve/upstream-endpoint.js';
import { plainText } from '../../contracts/value-text.js';

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

/** A URL a pod calls, and what the build knows about the pods behind it. */
export interface EgressRequest {
  readonly endpoint: Pick<UpstreamEndpoint, 'host' | 'port'>;
  /**
   * The pods of a ToolServer of the estate the URL names. Their pods listen on the URL's port:
   * the compiler emits a ToolServer's Service with port == targetPort.
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** The declared pod port of an in-cluster Service that is no ToolServer of the estate. */
  readonly targetPort?: number;
  /** The field that declares `targetPort`, as the warnings name it (`spec.upstream.external.targetPort`). */
  readonly targetPortField: string;
  /** Who calls, as the warnings name it (`the gateway`). */
  readonly caller: string;
  /** Another way to narrow the rule, added to the warning (`or use spec.upstream.toolServerRef`). */
  readonly alternative?: string;
}

/** The edge for one URL, and what the user should hear about it. */
export interface DerivedEgress {
  readonly edge: Edge;
  readonly warnings: readonly string[];
}

/**
 * The egress edge for a URL, like `edgeForEndpoint`, for a Service whose pods may be unknown.
 * A NetworkPolicy matches the destination pod's port after the Service's translation, so the
 * URL's port is right only for a ToolServer of the estate. For any other in-cluster Service the
 * declared `targetPort` is used; without one, every TCP port of the Service's namespace is
 * allowed and a warning names the field to set — denying would make the call fail with nothing
 * to say why, and guessing the URL's port fails the same way whenever the Service translates it.
 */
export function deriveEgress(request: EgressRequest, dns: DnsContext): DerivedEgress {
  const { endpoint, podLabels, targetPort, targetPortField, caller } = request;
  const host = plainText(endpoint.host);
  const service = inClusterService(endpoint.host, dns);
  if (!service) {
    const warnings = externalLookalike(endpoint);
    if (targetPort !== undefined) {
      warnings.push(
        `${targetPortField} (${targetPort}) is ignored: ${host} is not an in-cluster Service name, so the policy allows it on the URL's port ${endpoint.port}; remove ${targetPortField}`,
      );
    }
    return { edge: edgeForEndpoint(endpoint, dns), warnings };
  }
  if (podLabels) {
    const warnings =
      targetPort !== undefined && targetPort !== endpoint.port
        ? [
            `${targetPortField} (${targetPort}) is ignored: ${host} is a ToolServer of this estate, whose pods listen on port ${endpoint.port}; remove ${targetPortField}`,
          ]
        : [];
    return { edge: edgeForEndpoint(endpoint, dns, podLabels), warnings };
  }
  const peer = { namespace: service.namespace };
  if (targetPort !== undefined) return { edge: { peer, protocol: 'TCP', port: targetPort }, warnings: [] };
  return {
    edge: { peer, protocol: 'TCP' },
    warnings: [
      `names Service ${plainText(service.service)} in namespace ${service.namespace}, which is no ToolServer of this estate, so the port its pods listen on is unknown here (a NetworkPolicy matches the pod port, not the Service port ${endpoint.port}) and ${caller} may reach every pod of namespace ${service.namespace} on any TCP port; set ${targetPortField} to the port the pods listen on (the Service's targetPort)${request.alternative ? `, ${request.alternative}` : ''}`,
    ],
  };
}

// Public top-level domains are letters only (or `xn--` for internationalised ones); a hyphen or a
// digit in the last of two labels means a namespace, not a public name, was most likely meant.
const NOT_A_TLD = /^(?!xn--)[a-z0-9-]*[0-9-][a-z0-9-]*$/;

/**
 * A two-label host `<svc>.<ns>` whose `<ns>` is no namespace of the estate is taken for a host
 * outside the cluster (it may as well be a public name); said aloud, with the two ways to make
 * it in-cluster, when it looks like a Service rather than a public apex name: `<ns>` could not
 * be a top-level domain, or the port is not https's 443 (`otel-collector.observability:4318`).
 */
function externalLookalike(endpoint: Pick<UpstreamEndpoint, 'host' | 'port'>): string[] {
  if (ipFamily(endpoint.host)) return [];
  const labels = endpoint.host.toLowerCase().replace(/\.$/, '').split('.');
  const [svc, ns] = labels;
  if (labels.length !== 2 || !svc || !ns) return [];
  if (endpoint.port === 443 && !NOT_A_TLD.test(ns)) return [];
  return [
    `host ${plainText(endpoint.host)} is taken as a host outside the cluster (${WORLD} on port ${endpoint.port}), because ${plainText(ns)} is no namespace of this estate; if it is Service ${plainText(svc)} in namespace ${plainText(ns)}, write ${plainText(`${svc}.${ns}.svc`)} or add a v1 Namespace document (a KnownNamespace construct) for ${plainText(ns)}`,
  ];
}
