import type { ImportedToolServerSpec } from '../../intent/tool-server-schema.js';
import { parseHttpUrl } from '../../intent/http-url.js';

/** Where an MCP backend target points: what agentgateway's `static` target needs, plus TLS. */
export interface UpstreamEndpoint {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly protocol: 'StreamableHTTP' | 'SSE';
  /** Originate TLS to the upstream. */
  readonly tls: boolean;
  /** Hostname to send as SNI; undefined for IP literals, where SNI is not allowed. */
  readonly sni?: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** True for IPv4 and (bracket-less) IPv6 literals, which must never be sent as SNI. */
export function isIpLiteral(host: string): boolean {
  return IPV4.test(host) || host.includes(':');
}

/** How a route reaches a tool server: what a ToolServer compiled here and an imported one share. */
interface ReachableToolServer {
  readonly name: string;
  readonly namespace: string;
  readonly spec: Pick<ImportedToolServerSpec, 'port' | 'path' | 'transportType'>;
}

/** In-cluster DNS name of a ToolServer's Service. */
export function toolServerHost(server: ReachableToolServer, clusterDomain: string): string {
  return `${server.name}.${server.namespace}.svc.${clusterDomain}`;
}

/**
 * A ToolServer as an MCP target. The operator always said StreamableHTTP, which broke `sse`
 * servers; the transport decides the protocol here.
 */
export function toolServerEndpoint(server: ReachableToolServer, clusterDomain: string): UpstreamEndpoint {
  return {
    host: toolServerHost(server, clusterDomain),
    port: server.spec.port,
    path: server.spec.path,
    protocol: server.spec.transportType === 'sse' ? 'SSE' : 'StreamableHTTP',
    tls: false,
  };
}

export type ExternalUrlResult = { readonly endpoint: UpstreamEndpoint } | { readonly error: string };

/**
 * Parses a URL a pod calls (`ToolRoute.spec.upstream.external.url`, an egress entry, a provider's
 * base URL) into an MCP target. The syntax rules are `parseHttpUrl`'s (no credentials, query or
 * fragment, which the operator dropped silently); `https` turns on TLS origination with SNI from
 * the host, unless the host is an IP address.
 */
export function parseExternalUrl(url: string): ExternalUrlResult {
  const parsed = parseHttpUrl(url);
  if ('error' in parsed) return parsed;
  const { host, hostKind, port, path, scheme } = parsed.url;
  const tls = scheme === 'https';
  // SNI names a host without the trailing dot of a fully qualified name.
  const sni = tls && hostKind === 'dns' ? host.replace(/\.$/, '') : undefined;
  return { endpoint: { host, port, path, protocol: 'StreamableHTTP', tls, ...(sni ? { sni } : {}) } };
}
