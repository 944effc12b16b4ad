import { urlText } from '../contracts/redact-url.js';

/** An http(s) URL as a pod will call it, after the WHATWG URL parser has normalised it. */
export interface HttpUrl {
  readonly scheme: 'http' | 'https';
  /** Lowercase; IPv4 in dotted-quad form, IPv6 without brackets, a DNS name as written (a trailing dot kept). */
  readonly host: string;
  /** How the host is addressed: a DNS name, or an IP literal of either family. */
  readonly hostKind: 'dns' | 'ipv4' | 'ipv6';
  readonly port: number;
  readonly path: string;
}

export type HttpUrlResult = { readonly url: HttpUrl } | { readonly error: string };

/** One DNS label: letters, digits and inner hyphens, at most 63 characters (RFC 1123). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const SCHEMES = 'allowed: a full URL starting with https:// (or http://), such as "https://mcp.example.com/mcp"';

/**
 * Parses a URL that a pod of the estate will call (an upstream, an egress entry, a provider's
 * base URL, a key-set URI), with node's WHATWG URL parser — the one browsers and agentgateway's
 * own URL handling agree with, which also turns every IPv4 notation into dotted-quad form.
 *
 * It refuses what the pod cannot carry or should not be given: a scheme other than http(s), any
 * credential, query or fragment (agentgateway's static targets carry host, port and path only,
 * and a token pasted there would end up in git and in logs), a host that is neither a DNS name
 * nor an IP address (which the generated objects' schemas would reject later, in their words
 * instead of the user's), and a path that normalisation would change. No message ever shows
 * the userinfo, query or fragment (see `redactUrl`).
 */
export function parseHttpUrl(text: string): HttpUrlResult {
  const shown = urlText(text);
  if (text.length === 0) return { error: `must not be empty; ${SCHEMES}` };
  if (/\s/.test(text)) return { error: `${shown} contains whitespace` };
  const schemeEnd = text.indexOf('://');
  if (schemeEnd < 0) return { error: noSchemeMessage(text, shown) };
  const scheme = text.slice(0, schemeEnd).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return { error: `${shown} uses scheme ${urlText(scheme)}; allowed: http, https` };
  }
  const authority = text.slice(schemeEnd + 3).replace(/[/?#\\].*$/s, '');
  const credentials = `${shown} carries credentials in the URL; remove them and reference a Secret instead (credentials in URLs end up in git and in logs)`;
  if (authority.includes('@')) return { error: credentials };
  if (text.includes('?')) return { error: `${shown} has a query string, which an MCP target cannot carry; remove it` };
  if (text.includes('#')) return { error: `${shown} has a fragment, which is never sent to a server; remove it` };
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { error: `${shown} is not a valid URL; ${SCHEMES}` };
  }
  if (parsed.username || parsed.password) return { error: credentials };
  const hostname = parsed.hostname;
  if (!hostname) return { error: `${shown} has no host` };
  const ipv6 = hostname.startsWith('[');
  const host = ipv6 ? hostname.slice(1, -1) : hostname;
  const hostKind = ipv6 ? 'ipv6' : /^\d+\.\d+\.\d+\.\d+$/.test(host) ? 'ipv4' : 'dns';
  if (hostKind === 'dns') {
    const problem = dnsHostProblem(host);
    if (problem) return { error: `${shown} has host ${urlText(host)}, which is not a valid DNS host name: ${problem}` };
  }
  const tls = scheme === 'https';
  const port = parsed.port ? Number(parsed.port) : tls ? 443 : 80;
  if (port < 1) return { error: `${shown} has port ${port}; allowed: 1 to 65535` };
  const rawPath = text.slice(schemeEnd + 3).replace(/^[^/\\]*/, '');
  const path = parsed.pathname || '/';
  // An empty raw path is "/"; anything else (e.g. a backslash the URL parser turns into "/") must match.
  if ((rawPath || '/') !== path) {
    return { error: `${shown} has a path that changes under URL normalisation (to ${urlText(path)}); write it in normalised form` };
  }
  if (path.length > 1024) return { error: `${shown} has a path longer than 1024 characters` };
  return { url: { scheme, host, hostKind, port, path } };
}

/**
 * Why `host` (lowercase, as the URL parser leaves it) is not a DNS name, in words, or undefined.
 * One trailing dot (a fully qualified name) is allowed.
 */
export function dnsHostProblem(host: string): string | undefined {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length > 253) return 'it is longer than 253 characters';
  const bad = name.split('.').find((label) => !DNS_LABEL.test(label));
  if (bad === undefined) return undefined;
  return 'allowed are letters, digits and "-" in dot-separated labels of 1 to 63 characters, each starting and ending with a letter or digit, or an IP address';
}

/**
 * The message for text without `://`. It suggests `https://` in front only when that gives a URL
 * this parser accepts with a DNS host; otherwise (`javascript:alert(1)`, `user:pw@host`) a
 * suggestion would be wrong or would repeat a secret, so it says what is allowed.
 */
function noSchemeMessage(text: string, shown: string): string {
  const candidate = `https://${text.replace(/^\/+/, '')}`;
  const tried = /^[A-Za-z][A-Za-z0-9+.-]*:(?!\d)/.test(text) ? undefined : parseHttpUrl(candidate);
  if (tried && 'url' in tried && tried.url.hostKind === 'dns') {
    return `${shown} has no scheme; write the full URL, e.g. ${urlText(candidate)}`;
  }
  return `${shown} has no scheme; ${SCHEMES}`;
}
