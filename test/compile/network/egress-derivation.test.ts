import { describe, expect, test } from 'vitest';
import { edgeForEndpoint, inClusterNamespace, WORLD } from '../../../src/compile/network/egress-derivation.js';
import { parseExternalUrl } from '../../../src/compile/resolve/upstream-endpoint.js';

const dns = (clusterDomain = 'cluster.local', knownNamespaces: string[] = []) => ({
  clusterDomain,
  callerNamespace: 'caller',
  knownNamespaces: new Set(knownNamespaces),
});

describe('inClusterNamespace | which hosts are in-cluster Services, and in which namespace', () => {
  test.each([
    ['playwright-mcp.default.svc.cluster.local', 'default'],
    ['playwright-mcp.default.svc', 'default'],
    ['svc-x.team-a.svc.cluster.local.', 'team-a'],
    ['SVC-X.Team-A.SVC.Cluster.Local', 'team-a'],
  ])('%s is in namespace %s', (host, ns) => {
    expect(inClusterNamespace(host, dns())).toBe(ns);
  });

  test('external names stay external', () => {
    for (const host of ['api.openai.com', 'example.com', 'mcp.deepwiki.com', 'x.svc.other.domain', '10.0.0.1', '2001:db8::1']) {
      expect(inClusterNamespace(host, dns())).toBeUndefined();
    }
  });

  test("a bare Service name resolves in the caller's namespace (our deviation from kars: it is what the DNS search path does)", () => {
    expect(inClusterNamespace('playwright-mcp', dns())).toBe('caller');
  });

  test('<svc>.<ns> is in-cluster only when <ns> is a namespace of the estate', () => {
    expect(inClusterNamespace('presidio.guards', dns('cluster.local', ['guards']))).toBe('guards');
    expect(inClusterNamespace('presidio.guards', dns())).toBeUndefined();
  });

  test('honours a custom cluster domain', () => {
    expect(inClusterNamespace('mcp.tools.svc.corp.internal', dns('corp.internal'))).toBe('tools');
    expect(inClusterNamespace('mcp.tools.svc.cluster.local', dns('corp.internal'))).toBeUndefined();
  });
});

describe('edgeForEndpoint | in-cluster hosts by namespace, external hosts by 0.0.0.0/0 on their port', () => {
  const edge = (url: string, d = dns()) => {
    const parsed = parseExternalUrl(url);
    if ('error' in parsed) throw new Error(parsed.error);
    return edgeForEndpoint(parsed.endpoint, d);
  };

  test('in-cluster host → namespaceSelector and the port, never an ipBlock', () => {
    expect(edge('http://playwright-mcp.default.svc.cluster.local:8931/mcp')).toEqual({
      peer: { namespace: 'default' },
      protocol: 'TCP',
      port: 8931,
    });
    expect(edge('http://svc.ns.svc.cluster.local')).toEqual({ peer: { namespace: 'ns' }, protocol: 'TCP', port: 80 });
  });

  test('external host on a port other than 443 → 0.0.0.0/0 on that port', () => {
    expect(edge('https://host.example:8443/mcp')).toEqual({ peer: { cidr: WORLD }, protocol: 'TCP', port: 8443 });
    expect(edge('http://api.example.com:8080/mcp')).toEqual({ peer: { cidr: WORLD }, protocol: 'TCP', port: 8080 });
  });

  test('external https → the shared 443 edge', () => {
    expect(edge('https://mcp.deepwiki.com/mcp')).toEqual({ peer: { cidr: WORLD }, protocol: 'TCP', port: 443 });
    expect(edge('https://api.githubcopilot.com/mcp')).toEqual(edge('https://mcp.deepwiki.com/mcp'));
  });

  test('an uppercase scheme is read case-insensitively', () => {
    expect(edge('HTTPS://mcp.example.com/mcp')).toEqual({ peer: { cidr: WORLD }, protocol: 'TCP', port: 443 });
  });

  test('known tool-server pods narrow the peer', () => {
    const parsed = parseExternalUrl('http://weather.team-a.svc.cluster.local:8000/mcp');
    if ('error' in parsed) throw new Error(parsed.error);
    expect(edgeForEndpoint(parsed.endpoint, dns(), { app: 'weather' })).toEqual({
      peer: { namespace: 'team-a', podLabels: { app: 'weather' } },
      protocol: 'TCP',
      port: 8000,
    });
  });

  test.each(['', 'not-a-url', 'ftp://host:21/x', 'https://', 'https://host:notaport/mcp', 'https://host:0/', 'https://host:65536/'])(
    'rejects %j before deriving anything',
    (url) => {
      expect('error' in parseExternalUrl(url)).toBe(true);
    },
  );
});
