import { describe, expect, test } from 'vitest';
import { formatProblem } from '../../../src/contracts/problem.js';
import { errorsOf } from '../../support/intent-fixtures.js';
import { compileDocs, compileValid, findManifest, identities } from '../../support/compile-fixtures.js';
import { NetworkPolicyEvaluator } from '../../../src/explain/network-policy-evaluator.js';

const API = 'runtime.agentic-layer.ai/v1alpha1';
const gateway = (spec: Record<string, unknown> = {}, name = 'tg', namespace = 'tool-gateway') => ({
  apiVersion: API,
  kind: 'ToolGateway',
  metadata: { name, namespace },
  spec,
});
const server = (name: string, namespace: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: API,
  kind: 'ToolServer',
  metadata: { name, namespace },
  spec: { image: 'x', ...spec },
});
const route = (name: string, namespace: string, upstream: Record<string, unknown>) => ({
  apiVersion: API,
  kind: 'ToolRoute',
  metadata: { name, namespace },
  spec: { upstream },
});
const toServer = (name: string, namespace: string) => route(name, namespace, { toolServerRef: { name } });
const nsPeer = (ns: string, pods?: Record<string, string>) => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } },
  ...(pods ? { podSelector: { matchLabels: pods } } : {}),
});
const DNS = nsPeer('kube-system', { 'k8s-app': 'kube-dns' });
const spec = (out: ReturnType<typeof compileValid>, ns: string, name: string) => findManifest(out, 'NetworkPolicy', ns, name).spec as any;
// Compile with the reconciler off: these tests are about the intent's own workloads.
const opts = { reconciler: { enabled: false } } as const;

describe('compileNetworkPolicies | gateway', () => {
  test('isolates the proxy pods: clients from every namespace on the listener port; egress to DNS, control plane and upstreams only', () => {
    const out = compileValid(
      [
        gateway(),
        server('weather', 'team-a', { port: 8000 }),
        toServer('weather', 'team-a'),
        route('gh', 'team-a', { external: { url: 'https://api.example.com/mcp' } }),
      ],
      opts,
    );
    const s = spec(out, 'tool-gateway', 'tg-gateway');
    expect(s.podSelector).toEqual({ matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'tg' } });
    expect(s.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(s.ingress).toEqual([{ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 80 }] }]);
    expect(s.egress).toEqual([
      { to: [DNS], ports: [{ protocol: 'TCP', port: 53 }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] },
      { to: [nsPeer('team-a', { app: 'weather' })], ports: [{ protocol: 'TCP', port: 8000 }] },
      { to: [nsPeer('agentgateway-system')], ports: [{ protocol: 'TCP', port: 9978 }] },
      { to: [DNS], ports: [{ protocol: 'UDP', port: 53 }] },
    ]);
  });

  test('two servers in one namespace on the same port share a rule; different ports get their own', () => {
    const same = compileValid(
      [gateway(), server('a', 'team-a'), server('b', 'team-a'), toServer('a', 'team-a'), toServer('b', 'team-a')],
      opts,
    );
    const rule8080 = spec(same, 'tool-gateway', 'tg-gateway').egress.filter((r: any) => r.ports[0].port === 8080);
    expect(rule8080).toEqual([
      { to: [nsPeer('team-a', { app: 'a' }), nsPeer('team-a', { app: 'b' })], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
    const different = compileValid(
      [gateway(), server('a', 'team-a'), server('b', 'team-a', { port: 9090 }), toServer('a', 'team-a'), toServer('b', 'team-a')],
      opts,
    );
    const ports = spec(different, 'tool-gateway', 'tg-gateway').egress.map((r: any) => r.ports[0].port);
    expect(ports).toContain(8080);
    expect(ports).toContain(9090);
  });

  test('external upstreams on other ports get 0.0.0.0/0 on that port; in-cluster URLs get a namespace, never an ipBlock', () => {
    const out = compileValid(
      [
        gateway(),
        route('x', 'team-a', { external: { url: 'http://mcp.example.com:8080/mcp' } }),
        route('y', 'team-a', { external: { url: 'http://mcp.tools.svc.cluster.local/mcp', targetPort: 9000 } }),
      ],
      opts,
    );
    const egress = spec(out, 'tool-gateway', 'tg-gateway').egress;
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 8080 }] });
    // The declared pod port, not the Service port 80 of the URL.
    expect(egress).toContainEqual({ to: [nsPeer('tools')], ports: [{ protocol: 'TCP', port: 9000 }] });
    expect(JSON.stringify(egress)).not.toContain('"port":80}');
  });

  test('a custom cluster domain decides what is in-cluster', () => {
    const docs = [gateway(), route('y', 'team-a', { external: { url: 'http://mcp.tools.svc.corp.internal:9000/mcp', targetPort: 9000 } })];
    expect(spec(compileValid(docs, { ...opts, clusterDomain: 'corp.internal' }), 'tool-gateway', 'tg-gateway').egress).toContainEqual({
      to: [nsPeer('tools')],
      ports: [{ protocol: 'TCP', port: 9000 }],
    });
    expect(spec(compileValid(docs, opts), 'tool-gateway', 'tg-gateway').egress).toContainEqual({
      to: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
      ports: [{ protocol: 'TCP', port: 9000 }],
    });
  });

  test('allowedClients narrows who may call the gateway', () => {
    const out = compileValid([gateway({ allowedClients: { namespaceSelector: { matchLabels: { agents: 'yes' } } } })], opts);
    expect(spec(out, 'tool-gateway', 'tg-gateway').ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { agents: 'yes' } } }], ports: [{ protocol: 'TCP', port: 80 }] },
    ]);
  });

  test('with allowedClients, the runtime reconciler may still probe the gateway', () => {
    const out = compileValid([gateway({ allowedClients: { namespaceSelector: { matchLabels: { agents: 'yes' } } } })], {
      reconciler: { enabled: true },
    });
    expect(spec(out, 'tool-gateway', 'tg-gateway').ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { agents: 'yes' } } }], ports: [{ protocol: 'TCP', port: 80 }] },
      { from: [nsPeer('tool-gateway', { 'app.kubernetes.io/name': 'tool-gateway-reconciler' })], ports: [{ protocol: 'TCP', port: 80 }] },
    ]);
  });

  test('DNS and the control plane can be moved through options', () => {
    const out = compileValid([gateway()], {
      ...opts,
      network: {
        dns: { namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } },
        controlPlane: { namespace: 'agw', port: 15000 },
      },
    });
    expect(spec(out, 'tool-gateway', 'tg-gateway').egress).toEqual([
      { to: [nsPeer('openshift-dns', { 'dns.operator.openshift.io/daemonset-dns': 'default' })], ports: [{ protocol: 'TCP', port: 53 }] },
      { to: [nsPeer('agw')], ports: [{ protocol: 'TCP', port: 15000 }] },
      { to: [nsPeer('openshift-dns', { 'dns.operator.openshift.io/daemonset-dns': 'default' })], ports: [{ protocol: 'UDP', port: 53 }] },
    ]);
  });

  test('network.enabled: false emits no NetworkPolicy at all', () => {
    const out = compileValid([gateway(), server('a', 'team-a'), toServer('a', 'team-a')], { ...opts, network: { enabled: false } });
    expect(identities(out).filter((i) => i.startsWith('NetworkPolicy'))).toEqual([]);
  });
});

describe('compileNetworkPolicies | tool servers', () => {
  test('accept only the gateways that route to them, on the server port; egress is DNS only by default', () => {
    const out = compileValid(
      [gateway(), gateway({}, 'other', 'team-b'), server('a', 'team-a', { port: 8000 }), toServer('a', 'team-a')],
      opts,
    );
    const s = spec(out, 'team-a', 'a-tool-server');
    expect(s.podSelector).toEqual({ matchLabels: { app: 'a' } });
    expect(s.ingress).toEqual([
      { from: [nsPeer('tool-gateway', { 'gateway.networking.k8s.io/gateway-name': 'tg' })], ports: [{ protocol: 'TCP', port: 8000 }] },
    ]);
    expect(s.egress).toEqual([
      { to: [DNS], ports: [{ protocol: 'TCP', port: 53 }] },
      { to: [DNS], ports: [{ protocol: 'UDP', port: 53 }] },
    ]);
  });

  test('a server no route uses accepts nothing', () => {
    expect(spec(compileValid([server('lonely', 'team-a')], opts), 'team-a', 'lonely-tool-server').ingress).toEqual([]);
  });

  test('declared egress: URLs derived like upstreams, CIDRs with ports', () => {
    const out = compileValid(
      [
        server('db-tools', 'team-a', {
          egress: [
            { url: 'https://api.example.com/v1' },
            { url: 'http://postgres.data.svc.cluster.local:5432', targetPort: 5432 },
            { cidr: '10.20.0.0/16', ports: [5432, 6432] },
          ],
        }),
      ],
      opts,
    );
    const egress = spec(out, 'team-a', 'db-tools-tool-server').egress;
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] });
    expect(egress).toContainEqual({
      to: [{ ipBlock: { cidr: '10.20.0.0/16' } }, nsPeer('data')],
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 6432 }] });
  });

  test('rejects an egress entry that is neither a URL nor a CIDR with ports, and a bad URL', () => {
    const problems = compileDocs([server('s', 'team-a', { egress: [{ cidr: '10.0.0.0/8' }, { url: 'no-scheme.example' }] })]).problems;
    expect(errorsOf(problems).map(formatProblem)).toEqual([
      'error: ToolServer team-a/s: spec.egress[0].ports: list at least one port for the cidr',
      'error: ToolServer team-a/s: spec.egress[1].url: "no-scheme.example" has no scheme; write the full URL, e.g. "https://no-scheme.example"',
    ]);
    const bad = compileDocs([server('s', 'team-a', { egress: [{ url: 'no-scheme.example' }] })], opts).problems;
    expect(errorsOf(bad).map(formatProblem)).toEqual([
      'error: ToolServer team-a/s: spec.egress[0].url: "no-scheme.example" has no scheme; write the full URL, e.g. "https://no-scheme.example"',
    ]);
  });
});

describe('compileNetworkPolicies | guard adapters', () => {
  test('accept only their gateways on 9001 and reach only DNS and their provider', () => {
    const docs = [
      {
        apiVersion: API,
        kind: 'GuardrailProvider',
        metadata: { name: 'presidio', namespace: 'guards' },
        spec: { type: 'presidio-api', presidio: { baseUrl: 'http://presidio.guards:8000', targetPort: 8000 } },
      },
      {
        apiVersion: API,
        kind: 'Guard',
        metadata: { name: 'pii', namespace: 'guards' },
        spec: { mode: ['pre_call'], providerRef: { name: 'presidio' }, allowedNamespaces: { from: 'All' } },
      },
      gateway({ guardrails: [{ name: 'pii', namespace: 'guards' }] }),
    ];
    const out = compileValid(docs, opts);
    const s = spec(out, 'guards', 'pii-adapter');
    expect(s.podSelector).toEqual({ matchLabels: { app: 'pii-adapter' } });
    expect(s.ingress).toEqual([
      { from: [nsPeer('tool-gateway', { 'gateway.networking.k8s.io/gateway-name': 'tg' })], ports: [{ protocol: 'TCP', port: 9001 }] },
    ]);
    expect(s.egress).toContainEqual({ to: [nsPeer('guards')], ports: [{ protocol: 'TCP', port: 8000 }] });
    expect(spec(out, 'tool-gateway', 'tg-gateway').egress).toContainEqual({
      to: [nsPeer('guards', { app: 'pii-adapter' })],
      ports: [{ protocol: 'TCP', port: 9001 }],
    });
  });
});

describe('compileNetworkPolicies | upstream URLs, evaluated with Kubernetes semantics', () => {
  const evaluate = (docs: unknown[]) => {
    const { objects, problems } = compileDocs(docs, opts);
    expect(errorsOf(problems)).toStrictEqual([]);
    const manifests = objects.map((o) => o.manifest);
    const evaluator = new NetworkPolicyEvaluator(
      manifests.filter((m) => m.kind === 'NetworkPolicy'),
      (ns) => ({ 'kubernetes.io/metadata.name': ns }),
    );
    return { manifests, problems, evaluator };
  };
  const proxy = { kind: 'pod' as const, namespace: 'tool-gateway', labels: { 'gateway.networking.k8s.io/gateway-name': 'tg' } };
  const podIn = (namespace: string, labels: Record<string, string> = { app: 'other' }) => ({ kind: 'pod' as const, namespace, labels });
  const tcp = (port: number) => ({ protocol: 'TCP' as const, port });

  test("a same-namespace URL to a ToolServer's Service gets the server's egress, ingress and the route's tool filter", () => {
    const urlRoute = {
      ...route('r', 'team-a', { external: { url: 'http://weather.team-a.svc.cluster.local:8000/mcp' } }),
    };
    (urlRoute.spec as Record<string, unknown>).toolFilter = { allow: ['get_*'] };
    const { manifests, evaluator } = evaluate([gateway(), server('weather', 'team-a', { port: 8000 }), urlRoute]);
    const weatherPod = podIn('team-a', { app: 'weather' });
    expect(evaluator.allows(proxy, weatherPod, tcp(8000))).toBe(true);
    // Narrowed to the server's pods: another pod of team-a on the same port stays out of reach.
    expect(evaluator.allows(proxy, podIn('team-a'), tcp(8000))).toBe(false);
    expect(evaluator.allows(proxy, weatherPod, tcp(8001))).toBe(false);
    expect(identities(manifests)).toContain('AgentgatewayPolicy team-a/tg-r-toolfilter');
  });

  test('an in-cluster URL naming no ToolServer, without targetPort: its namespace on any TCP port, and a warning naming the field', () => {
    const { problems, evaluator } = evaluate([
      gateway(),
      server('weather', 'team-a', { port: 8000 }),
      route('r', 'team-b', { external: { url: 'http://legacy.team-a.svc.cluster.local:8000/mcp' } }),
    ]);
    expect(problems.map(formatProblem)).toContain(
      "warning: ToolRoute team-b/r: spec.upstream.external.url: names Service legacy in namespace team-a, which is no ToolServer of this estate, so the port its pods listen on is unknown here (a NetworkPolicy matches the pod port, not the Service port 8000) and the gateway may reach every pod of namespace team-a on any TCP port; set spec.upstream.external.targetPort to the port the pods listen on (the Service's targetPort), or define the server as a ToolServer and use spec.upstream.toolServerRef to narrow this to its pods",
    );
    expect(evaluator.allows(proxy, podIn('team-a'), tcp(8000))).toBe(true);
    expect(evaluator.allows(proxy, podIn('team-a'), tcp(8080))).toBe(true);
    expect(evaluator.allows(proxy, podIn('team-a'), { protocol: 'UDP', port: 8000 })).toBe(false);
    expect(evaluator.allows(proxy, podIn('team-c'), tcp(8000))).toBe(false);
    expect(evaluator.allows(proxy, { kind: 'external', ip: '203.0.113.7' }, tcp(8000))).toBe(false);
    // The weather server's own ingress still admits only the gateways that route to it.
    expect(evaluator.allows(proxy, podIn('team-a', { app: 'weather' }), tcp(8000))).toBe(false);
  });

  test('an in-cluster URL naming no ToolServer, with targetPort: its namespace on that port only, silently', () => {
    const { problems, evaluator } = evaluate([
      gateway(),
      route('r', 'team-b', { external: { url: 'http://legacy.team-a.svc.cluster.local/mcp', targetPort: 8000 } }),
    ]);
    expect(problems.filter((p) => p.severity === 'warning' && p.field?.startsWith('spec.upstream'))).toEqual([]);
    expect(evaluator.allows(proxy, podIn('team-a'), tcp(8000))).toBe(true);
    // The Service port of the URL is translated away before the policy sees the connection.
    expect(evaluator.allows(proxy, podIn('team-a'), tcp(80))).toBe(false);
    expect(evaluator.allows(proxy, podIn('team-c'), tcp(8000))).toBe(false);
  });

  test("a targetPort beside a ToolServer's URL or an external host is ignored, with a warning", () => {
    const { problems, evaluator } = evaluate([
      gateway(),
      server('weather', 'team-a', { port: 8000, allowedNamespaces: { from: 'All' } }),
      route('r', 'team-b', { external: { url: 'http://weather.team-a.svc:8000/mcp', targetPort: 9000 } }),
      route('x', 'team-b', { external: { url: 'https://mcp.example.com/mcp', targetPort: 8443 } }),
    ]);
    expect(problems.map(formatProblem)).toEqual(
      expect.arrayContaining([
        'warning: ToolRoute team-b/r: spec.upstream.external.url: spec.upstream.external.targetPort (9000) is ignored: weather.team-a.svc is a ToolServer of this estate, whose pods listen on port 8000; remove spec.upstream.external.targetPort',
        "warning: ToolRoute team-b/x: spec.upstream.external.url: spec.upstream.external.targetPort (8443) is ignored: mcp.example.com is not an in-cluster Service name, so the policy allows it on the URL's port 443; remove spec.upstream.external.targetPort",
      ]),
    );
    expect(evaluator.allows(proxy, podIn('team-a', { app: 'weather' }), tcp(8000))).toBe(true);
    expect(evaluator.allows(proxy, podIn('team-a', { app: 'weather' }), tcp(9000))).toBe(false);
    expect(evaluator.allows(proxy, { kind: 'external', ip: '203.0.113.7' }, tcp(443))).toBe(true);
    expect(evaluator.allows(proxy, { kind: 'external', ip: '203.0.113.7' }, tcp(8443))).toBe(false);
  });

  test('IP-literal upstreams and egress entries get /32 and /128 rules, not the world on their port', () => {
    const { manifests, evaluator } = evaluate([
      gateway(),
      route('v4', 'team-a', { external: { url: 'https://10.1.2.3:8443/mcp' } }),
      route('v6', 'team-a', { external: { url: 'https://[2001:db8::7]:8443/mcp' } }),
      server('s', 'team-a', { egress: [{ url: 'https://10.9.8.7:5432/' }] }),
    ]);
    const gw = spec(manifests, 'tool-gateway', 'tg-gateway');
    expect(gw.egress).toContainEqual({
      to: [{ ipBlock: { cidr: '10.1.2.3/32' } }, { ipBlock: { cidr: '2001:db8::7/128' } }],
      ports: [{ protocol: 'TCP', port: 8443 }],
    });
    expect(JSON.stringify(gw.egress)).not.toContain('0.0.0.0/0');
    expect(spec(manifests, 'team-a', 's-tool-server').egress).toContainEqual({
      to: [{ ipBlock: { cidr: '10.9.8.7/32' } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
    expect(evaluator.allows(proxy, { kind: 'external', ip: '10.1.2.3' }, tcp(8443))).toBe(true);
    expect(evaluator.allows(proxy, { kind: 'external', ip: '10.1.2.4' }, tcp(8443))).toBe(false);
  });
});
