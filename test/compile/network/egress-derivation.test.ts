import { describe, expect, test } from 'vitest';
import { deriveEgress, edgeForEndpoint, inClusterNamespace, WORLD } from '../../../src/compile/network/egress-derivation.js';
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

describe('deriveEgress | the pod port behind an in-cluster Service', () => {
  const derive = (url: string, more: { targetPort?: number; podLabels?: Record<string, string> } = {}, d = dns()) => {
    const parsed = parseExternalUrl(url);
    if ('error' in parsed) throw new Error(parsed.error);
    return deriveEgress({ endpoint: parsed.endpoint, targetPortField: 'spec.x.targetPort', caller: 'the caller', ...more }, d);
  };

  test('a Service of no ToolServer: the declared pod port, silently', () => {
    expect(derive('http://presidio.guards.svc', { targetPort: 3000 })).toEqual({
      edge: { peer: { namespace: 'guards' }, protocol: 'TCP', port: 3000 },
      warnings: [],
    });
  });

  test('a Service of no ToolServer without a declared port: every TCP port of its namespace, and the field to set', () => {
    const { edge, warnings } = derive('http://presidio.guards.svc');
    expect(edge).toEqual({ peer: { namespace: 'guards' }, protocol: 'TCP' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('the caller may reach every pod of namespace guards on any TCP port');
    expect(warnings[0]).toContain('set spec.x.targetPort to the port the pods listen on');
  });

  test("a ToolServer's pods listen on the URL's port: a differing declared port is ignored, with a warning", () => {
    const pods = { app: 'weather' };
    expect(derive('http://weather.team-a.svc:8000', { podLabels: pods })).toEqual({
      edge: { peer: { namespace: 'team-a', podLabels: pods }, protocol: 'TCP', port: 8000 },
      warnings: [],
    });
    expect(derive('http://weather.team-a.svc:8000', { podLabels: pods, targetPort: 8000 }).warnings).toEqual([]);
    const differing = derive('http://weather.team-a.svc:8000', { podLabels: pods, targetPort: 9000 });
    expect(differing.edge.port).toBe(8000);
    expect(differing.warnings).toEqual([
      'spec.x.targetPort (9000) is ignored: weather.team-a.svc is a ToolServer of this estate, whose pods listen on port 8000; remove spec.x.targetPort',
    ]);
  });

  test("external hosts and IP addresses keep the URL's port; a declared pod port is ignored, with a warning", () => {
    expect(derive('https://api.example.com', { targetPort: 8443 })).toEqual({
      edge: { peer: { cidr: WORLD }, protocol: 'TCP', port: 443 },
      warnings: [
        "spec.x.targetPort (8443) is ignored: api.example.com is not an in-cluster Service name, so the policy allows it on the URL's port 443; remove spec.x.targetPort",
      ],
    });
    expect(derive('http://10.0.0.7:8080', { targetPort: 80 }).edge).toEqual({ peer: { cidr: '10.0.0.7/32' }, protocol: 'TCP', port: 8080 });
  });

  test.each([
    ['https://presidio.guardrail-providers', true], // a hyphen: no top-level domain
    ['https://otel.monitoring2', true], // a digit: no top-level domain
    ['http://otel-collector.observability:4318', true], // not https's port: no public apex API
    ['http://presidio.guards', true],
    ['https://presidio.guards', false], // could be a public apex name
    ['https://example.com', false],
    ['https://shop.xn--p1ai', false], // an internationalised top-level domain
    ['http://a.b.example-1', false], // three labels: never `<svc>.<ns>`
    ['http://10.0.0.1', false],
  ])('a two-label host of an unknown namespace, %s, warns as a Service taken for external: %s', (url, warns) => {
    const { edge, warnings } = derive(url);
    expect(edge.peer).toEqual(url === 'http://10.0.0.1' ? { cidr: '10.0.0.1/32' } : { cidr: WORLD });
    expect(warnings.some((w) => w.includes('is taken as a host outside the cluster'))).toBe(warns);
  });

  test('a known namespace makes the two-label host in-cluster, without the warning', () => {
    const { edge, warnings } = derive(
      'http://presidio.guardrail-providers',
      { targetPort: 3000 },
      dns('cluster.local', ['guardrail-providers']),
    );
    expect(edge).toEqual({ peer: { namespace: 'guardrail-providers' }, protocol: 'TCP', port: 3000 });
    expect(warnings).toEqual([]);
  });
});
