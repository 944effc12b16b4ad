import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/contracts/manifest.js';
import { exposureDiff, type ExposureChange } from '../../src/explain/exposure-diff.js';
import type { Consent, ExposureFacts, GatewayFacts, RouteFacts, WorkloadFacts } from '../../src/explain/exposure-facts.js';

const route = (o: Partial<RouteFacts> = {}): RouteFacts => ({
  kind: 'ToolRoute',
  key: 'team-a/weather',
  gateway: 'tool-gateway/shared',
  urls: ['http://shared.tool-gateway.svc.cluster.local/team-a/weather/mcp'],
  filter: { allow: ['get_*'] },
  upstream: 'https://weather.example.com/mcp',
  tls: true,
  skipVerify: 'None',
  credentials: ['Secret weather-token key Authorization'],
  guard: { guard: 'guards/pii', failureMode: 'FailClosed' },
  productionMode: true,
  ...o,
});
const gateway = (o: Partial<GatewayFacts> = {}): GatewayFacts => ({
  key: 'tool-gateway/shared',
  jwt: { issuer: 'https://idp.example.com', audiences: ['tool-gateway'], jwks: 'https://idp.example.com/certs' },
  admits: { from: 'All' },
  ...o,
});

const LABELS: Record<string, Record<string, string>> = { 'team-a': { tier: 'trusted' }, 'team-c': { tier: 'partner' } };

function facts(o: {
  routes?: RouteFacts[];
  gateways?: GatewayFacts[];
  workloads?: WorkloadFacts[];
  manifests?: Manifest[];
  consent?: Record<string, Consent>;
}): ExposureFacts {
  return {
    gateways: new Map((o.gateways ?? [gateway()]).map((g) => [g.key, g])),
    routes: new Map((o.routes ?? [route()]).map((r) => [r.key, r])),
    workloads: new Map((o.workloads ?? []).map((w) => [w.key, w])),
    manifests: o.manifests ?? [],
    namespaceLabels: (n) => ({ ...LABELS[n], 'kubernetes.io/metadata.name': n }),
    namespaces: ['team-a', 'team-b', 'team-c', 'tool-gateway'],
    consent: new Map(
      Object.entries(o.consent ?? {}).map(([key, consent]) => [key, { key, namespace: key.split(' ')[1]!.split('/')[0]!, consent }]),
    ),
  };
}

const brief = (cs: readonly ExposureChange[]) => cs.map((c) => `${c.effect} ${c.aspect}: ${c.message}`);

describe('exposureDiff | routes', () => {
  it('finds no change between equal sides', () => {
    expect(exposureDiff(facts({}), facts({}))).toEqual([]);
  });

  it('reports each weakening of a route, and its reverse as a strengthening', () => {
    const weak = route({ tls: false, skipVerify: 'None', credentials: [], guard: undefined, productionMode: false });
    expect(brief(exposureDiff(facts({}), facts({ routes: [weak] })))).toEqual([
      'weakened guard: guard guards/pii removed: the route is no longer guarded',
      'weakened production mode: production mode turned off: its build-time checks no longer hold the route',
      'weakened upstream TLS: upstream TLS removed: requests and credentials travel in plain text',
      'weakened upstream credentials: credentials removed: the upstream is called without them',
    ]);
    expect(brief(exposureDiff(facts({ routes: [weak] }), facts({})))).toEqual([
      'strengthened guard: guard guards/pii added (FailClosed)',
      'strengthened production mode: production mode turned on',
      'strengthened upstream TLS: upstream TLS added',
      'strengthened upstream credentials: credentials added',
    ]);
  });

  it('ranks insecureSkipVerify None < Hostname < All', () => {
    const d = exposureDiff(facts({ routes: [route({ skipVerify: 'Hostname' })] }), facts({ routes: [route({ skipVerify: 'All' })] }));
    expect(d).toEqual([expect.objectContaining({ effect: 'weakened', from: 'insecureSkipVerify Hostname', to: 'insecureSkipVerify All' })]);
  });

  it('calls a filter rewritten to the same language a change, not a weakening', () => {
    const d = exposureDiff(facts({}), facts({ routes: [route({ filter: { allow: ['get_*', 'get_a*'] } })] }));
    expect(d).toEqual([
      expect.objectContaining({ effect: 'changed', aspect: 'tool filter', from: 'allow get_*', to: 'allow get_*, get_a*' }),
    ]);
  });

  it('lists URLs added and removed, and whole routes added and removed', () => {
    const moved = route({ urls: ['http://shared.tool-gateway.svc.cluster.local/team-a/weather2/mcp'] });
    expect(brief(exposureDiff(facts({}), facts({ routes: [moved] })))).toEqual([
      'added url: URL http://shared.tool-gateway.svc.cluster.local/team-a/weather2/mcp added',
      'removed url: URL http://shared.tool-gateway.svc.cluster.local/team-a/weather/mcp removed',
    ]);
    const other = route({ key: 'team-b/docs', filter: undefined });
    expect(brief(exposureDiff(facts({}), facts({ routes: [route(), other] })))).toEqual([
      'added route: route added: http://shared.tool-gateway.svc.cluster.local/team-a/weather/mcp → https://weather.example.com/mcp, all tools',
    ]);
  });
});

describe('exposureDiff | gateways and consent', () => {
  it('reads JWT changes: another issuer and new audiences weaken, fewer audiences strengthen', () => {
    const other = gateway({ jwt: { issuer: 'https://other.example.com', audiences: ['agents'], jwks: 'https://other.example.com/certs' } });
    expect(brief(exposureDiff(facts({}), facts({ gateways: [other] })))).toEqual([
      'weakened client authentication: JWT audiences added: agents',
      'weakened client authentication: tokens of another JWT issuer are accepted',
      'weakened client authentication: tokens signed by keys from another key set are accepted',
      'strengthened client authentication: JWT audiences removed: tool-gateway',
    ]);
  });

  it('decides a gateway allowedRoutes change per namespace, with Gateway API semantics', () => {
    const selector = gateway({ admits: { from: 'Selector', selector: { matchLabels: { tier: 'trusted' } } } });
    const d = exposureDiff(facts({ gateways: [selector] }), facts({}));
    expect(d).toEqual([
      expect.objectContaining({
        effect: 'weakened',
        aspect: 'consent',
        message: 'now admits namespace team-b, namespace team-c, namespace tool-gateway, and other namespaces outside this estate',
        from: 'allowedRoutes Selector tier=trusted',
        to: 'allowedRoutes All',
      }),
    ]);
  });

  it('sees a selector with more conditions as narrower, and one with other conditions as possibly wider', () => {
    const consent = (c: Consent) => facts({ consent: { 'ToolServer team-a/weather': c } });
    const trusted: Consent = { from: 'Selector', selector: { matchLabels: { tier: 'trusted' } } };
    const narrower: Consent = { from: 'Selector', selector: { matchLabels: { tier: 'trusted', pci: 'yes' } } };
    expect(brief(exposureDiff(consent(trusted), consent(narrower)))).toEqual(['strengthened consent: admits fewer namespaces']);
    expect(brief(exposureDiff(consent(narrower), consent(trusted)))).toEqual(['weakened consent: may admit namespaces it did not']);
    const partner: Consent = { from: 'Selector', selector: { matchLabels: { tier: 'partner' } } };
    expect(brief(exposureDiff(consent(trusted), consent(partner)))).toEqual([
      'weakened consent: now admits namespace team-c, and other namespaces outside this estate',
      'strengthened consent: admits fewer namespaces',
    ]);
    // A ToolServer's own namespace is always admitted: Same → Selector on its own labels admits only what it did.
    expect(brief(exposureDiff(consent({ from: 'Same' }), consent(trusted)))).toEqual(['weakened consent: may admit namespaces it did not']);
  });
});

describe('exposureDiff | reachability', () => {
  const server: WorkloadFacts = { key: 'team-a/Deployment/weather', namespace: 'team-a', labels: { app: 'weather' }, ports: [8000] };
  const proxy: WorkloadFacts = {
    key: 'tool-gateway/Gateway/shared',
    namespace: 'tool-gateway',
    labels: { 'gateway.networking.k8s.io/gateway-name': 'shared' },
    ports: [80],
  };
  const serverPolicy = (from: object[]): Manifest => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'weather-tool-server', namespace: 'team-a' },
    spec: {
      podSelector: { matchLabels: { app: 'weather' } },
      policyTypes: ['Ingress'],
      ingress: [{ from, ports: [{ port: 8000, protocol: 'TCP' }] }],
    },
  });
  const fromGateway = {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tool-gateway' } },
    podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'shared' } },
  };

  it('reports the namespaces a wider ingress rule newly lets in, and only those', () => {
    const b = facts({ workloads: [server, proxy], manifests: [serverPolicy([fromGateway])] });
    const h = facts({
      workloads: [server, proxy],
      manifests: [serverPolicy([fromGateway, { namespaceSelector: { matchLabels: { tier: 'partner' } } }])],
    });
    expect(brief(exposureDiff(b, h))).toEqual(['weakened reachability: pods of namespace team-c newly may reach it on TCP 8000']);
    expect(brief(exposureDiff(h, b))).toEqual(['strengthened reachability: pods of namespace team-c may no longer reach it on TCP 8000']);
  });

  it('calls the reach of a new workload added, not weakened', () => {
    const b = facts({ workloads: [proxy], manifests: [] });
    const h = facts({ workloads: [server, proxy], manifests: [serverPolicy([fromGateway])] });
    expect(exposureDiff(b, h)).toEqual([
      // Nothing isolates the proxy here, so the new workload reaches it too.
      expect.objectContaining({
        effect: 'added',
        subject: 'Gateway tool-gateway/shared',
        message: 'Deployment team-a/weather newly may reach it on TCP 80',
      }),
      expect.objectContaining({
        effect: 'added',
        subject: 'Deployment team-a/weather',
        message: 'Gateway tool-gateway/shared newly may reach it on TCP 8000',
      }),
    ]);
  });
});
