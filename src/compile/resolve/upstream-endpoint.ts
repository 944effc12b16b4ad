import type { ImportedToolServerSpec } from '../../intent/tool-server-schema.js';

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
 * Parses `ToolRoute.spec.upstream.external.url`. Anything agentgateway's static target cannot
 * carry (userinfo, query, fragment) is an error rather than being dropped as the operator did,
 * and `https` turns on TLS origination with SNI from the host.
 */
export function parseExternalUrl(url: string): ExternalUrlResult {
  // Never echo credentials, whatever else is wrong with the URL (userinfo up to the last "@" before the path).
  const safe = url.replace(/^([^:/?#]*:\/\/)?[^/]*@/, '$1***@');
  const shown = JSON.stringify(safe);
  if (/\s/.test(url)) return { error: `${shown} contains whitespace` };
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) {
    return { error: `${shown} has no scheme; write the full URL, e.g. ${JSON.stringify(`https://${safe.replace(/^\/+/, '')}`)}` };
  }
  const scheme = url.slice(0, schemeEnd).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return { error: `${shown} uses scheme ${JSON.stringify(scheme)}; allowed: http, https` };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: `${shown} is not a valid URL` };
  }
  const authority = url.slice(schemeEnd + 3).replace(/[/?#].*$/s, '');
  if (parsed.username || parsed.password || authority.includes('@')) {
    // Never echo the credentials themselves.
    return {
      error: `${shown} carries credentials in the URL; remove them and reference a Secret instead (credentials in URLs end up in git and in logs)`,
    };
  }
  if (url.includes('?')) return { error: `${shown} has a query string, which an MCP target cannot carry; remove it` };
  if (url.includes('#')) return { error: `${shown} has a fragment, which is never sent to a server; remove it` };
  let host = parsed.hostname;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (!host) return { error: `${shown} has no host` };
  if (host.length > 256) return { error: `${shown} has a host longer than 256 characters` };
  const tls = scheme === 'https';
  const port = parsed.port ? Number(parsed.port) : tls ? 443 : 80;
  if (port < 1) return { error: `${shown} has port ${port}; allowed: 1 to 65535` };
  const rawPath = url.slice(schemeEnd + 3).replace(/^[^/]*/, '');
  const path = parsed.pathname || '/';
  // An empty raw path is "/"; anything else (e.g. a backslash the URL parser turns into "/") must match.
  if ((rawPath || '/') !== path) {
    return { error: `${shown} has a path that changes under URL normalisation (to ${JSON.stringify(path)}); write it in normalised form` };
  }
  if (path.length > 1024) return { error: `${shown} has a path longer than 1024 characters` };
  const isIp = isIpLiteral(host);
  return {
    endpoint: { host, port, path, protocol: 'StreamableHTTP', tls, ...(tls && !isIp ? { sni: host } : {}) },
  };
}
