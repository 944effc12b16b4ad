import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileEstate } from '../../../src/compile/compile-estate.js';
import { DEFAULT_CONTROL_PLANE } from '../../../src/compile/compile-options.js';
import { inClusterNamespace } from '../../../src/compile/network/egress-derivation.js';
import type { Problem } from '../../../src/contracts/problem.js';
import { assembleEstate } from '../../../src/intent/assemble-estate.js';
import { parseIntentDocument } from '../../../src/intent/parse-intent.js';
import type { Manifest } from '../../../src/contracts/manifest.js';
import { NetworkPolicyEvaluator, type NetworkEndpoint, type NetworkPort } from '../../../src/explain/network-policy-evaluator.js';
import { arbitraryEstate } from '../../support/arbitrary-estate.js';

type Pod = Extract<NetworkEndpoint, { kind: 'pod' }> & { readonly role: string; readonly id: string };

/**
 * The oracle: which connections the intent implies, computed from the intent documents alone
 * (never from the emitted policies), for the pods and endpoints of a small world.
 */
function scenario(docs: readonly Record<string, unknown>[]) {
  const problems: Problem[] = [];
  const estate = assembleEstate(
    docs.map((d) => parseIntentDocument(d, undefined, problems)),
    problems,
  );
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  // The reconciler's own policy selects only its pods, which are not in this world.
  const compiled = compileEstate({ estate, options: { reconciler: { enabled: false } } });
  expect(compiled.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const manifests = compiled.objects.map((o) => o.manifest);

  const pods: Pod[] = [];
  const pod = (role: string, namespace: string, labels: Record<string, string>) => {
    const p: Pod = { kind: 'pod', role, id: `${role}:${namespace}/${Object.values(labels).join(',')}`, namespace, labels };
    pods.push(p);
    return p;
  };
  const gateways = new Map(
    estate.toolGateways.map((g) => [
      `${g.namespace}/${g.name}`,
      pod('gateway', g.namespace, { 'gateway.networking.k8s.io/gateway-name': g.name }),
    ]),
  );
  const servers = new Map(
    estate.toolServers.map((s) => {
      const d = manifests.find((m) => m.kind === 'Deployment' && m.metadata.namespace === s.namespace && m.metadata.name === s.name) as any;
      return [`${s.namespace}/${s.name}`, { pod: pod('server', s.namespace, d.spec.template.metadata.labels), port: s.spec.port }];
    }),
  );
  const adapters = new Map<string, Pod>();
  for (const m of manifests) {
    if (m.kind === 'Deployment' && (m.metadata.labels ?? {})['app.kubernetes.io/component'] === 'guardrail-adapter') {
      adapters.set(
        `${m.metadata.namespace}/${m.metadata.name}`,
        pod('adapter', m.metadata.namespace!, (m as any).spec.template.metadata.labels),
      );
    }
  }
  const dns = pod('dns', 'kube-system', { 'k8s-app': 'kube-dns' });
  const controlPlane = pod('control-plane', DEFAULT_CONTROL_PLANE.namespace, { app: 'agentgateway' });
  const namespaces = new Set([...estate.namespaces.map((n) => n.name), 'tool-gateway', 'guards', 'kube-system']);
  for (const ns of namespaces) pod('intruder', ns, { app: 'intruder' });
  const presidio = pod('presidio', 'guards', { app: 'presidio' });

  // Gateway → upstream edges, from the routes as written.
  const gatewayOf = (route: (typeof estate.toolRoutes)[number]) => {
    const ref = route.spec.toolGatewayRef;
    return ref ? `${ref.namespace ?? route.namespace}/${ref.name}` : [...gateways.keys()].find((k) => k.startsWith('tool-gateway/'))!;
  };
  const serverRoutes = new Map<string, Set<string>>(); // gateway key -> server keys
  // gateway key -> `<ip>|<port>` for an IP-literal host (that address only), `*|<port>` for a DNS name (the world)
  const externalTargets = new Map<string, Set<string>>();
  for (const r of estate.toolRoutes) {
    const g = gatewayOf(r);
    const { toolServerRef, external } = r.spec.upstream;
    if (toolServerRef) {
      serverRoutes.set(g, new Set([...(serverRoutes.get(g) ?? []), `${toolServerRef.namespace ?? r.namespace}/${toolServerRef.name}`]));
    } else {
      const u = new URL(external!.url);
      const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
      const target = `${/^\d+\.\d+\.\d+\.\d+$/.test(u.hostname) ? u.hostname : '*'}|${port}`;
      externalTargets.set(g, new Set([...(externalTargets.get(g) ?? []), target]));
    }
  }
  const presidioTargetPort = estate.guardrailProviders[0]?.spec.presidio?.targetPort;
  const guardedGateways = new Set<string>();
  for (const g of estate.toolGateways) if (g.spec.guardrails?.length) guardedGateways.add(`${g.namespace}/${g.name}`);
  for (const r of estate.toolRoutes) if (r.spec.guardrails?.length) guardedGateways.add(gatewayOf(r));

  const gatewayKey = (p: Pod) => [...gateways.entries()].find(([, v]) => v === p)?.[0];
  const serverKey = (p: Pod) => [...servers.entries()].find(([, v]) => v.pod === p)?.[0];
  // A public address, a private one no route names, and every address a route names.
  const routeIps = [...externalTargets.values()].flatMap((s) => [...s].map((t) => t.split('|')[0]!)).filter((ip) => ip !== '*');
  const externals: NetworkEndpoint[] = [...new Set(['203.0.113.7', '10.255.255.254', ...routeIps])].map((ip) => ({ kind: 'external', ip }));

  const egressOk = (src: Pod, dst: NetworkEndpoint, port: NetworkPort): boolean => {
    const isDns = dst === dns && port.port === 53;
    switch (src.role) {
      case 'gateway': {
        const g = gatewayKey(src)!;
        if (isDns) return true;
        if (dst === controlPlane || (dst.kind === 'pod' && dst.namespace === DEFAULT_CONTROL_PLANE.namespace)) {
          return port.protocol === 'TCP' && port.port === DEFAULT_CONTROL_PLANE.port;
        }
        if (port.protocol !== 'TCP') return false;
        if (dst.kind === 'external') {
          const targets = externalTargets.get(g);
          return (targets?.has(`*|${port.port}`) || targets?.has(`${dst.ip}|${port.port}`)) ?? false;
        }
        const sk = serverKey(dst as Pod);
        if (sk && serverRoutes.get(g)?.has(sk)) return servers.get(sk)!.port === port.port;
        if ((dst as Pod).role === 'adapter') return guardedGateways.has(g) && port.port === 9001;
        return false;
      }
      case 'server':
        return isDns;
      case 'adapter':
        // The provider URL is http://presidio.guards:8000, a Service of no ToolServer: any pod of
        // namespace guards on the declared pod port, or on every TCP port when none is declared.
        return (
          isDns ||
          (dst.kind === 'pod' &&
            dst.namespace === 'guards' &&
            port.protocol === 'TCP' &&
            (presidioTargetPort === undefined || port.port === presidioTargetPort))
        );
      default:
        return true;
    }
  };
  const ingressOk = (src: NetworkEndpoint, dst: Pod, port: NetworkPort): boolean => {
    switch (dst.role) {
      case 'gateway':
        return src.kind === 'pod' && port.protocol === 'TCP' && port.port === 80;
      case 'server': {
        const sk = serverKey(dst)!;
        if (src.kind !== 'pod' || (src as Pod).role !== 'gateway' || port.protocol !== 'TCP') return false;
        return (serverRoutes.get(gatewayKey(src as Pod)!)?.has(sk) ?? false) && servers.get(sk)!.port === port.port;
      }
      case 'adapter':
        return (
          src.kind === 'pod' &&
          (src as Pod).role === 'gateway' &&
          guardedGateways.has(gatewayKey(src as Pod)!) &&
          port.protocol === 'TCP' &&
          port.port === 9001
        );
      default:
        return true;
    }
  };
  const intended = (src: NetworkEndpoint, dst: NetworkEndpoint, port: NetworkPort) =>
    (src.kind !== 'pod' || egressOk(src as Pod, dst, port)) && (dst.kind !== 'pod' || ingressOk(src, dst as Pod, port));

  const nsLabels = (ns: string) => ({ ...(estate.namespaces.find((n) => n.name === ns)?.labels ?? {}), 'kubernetes.io/metadata.name': ns });
  const evaluator = new NetworkPolicyEvaluator(
    manifests.filter((m: Manifest) => m.kind === 'NetworkPolicy'),
    nsLabels,
  );
  const ports: NetworkPort[] = [
    ...[53].map((port) => ({ protocol: 'UDP' as const, port })),
    ...[
      53,
      80,
      443,
      3000,
      8000,
      8080,
      9001,
      DEFAULT_CONTROL_PLANE.port,
      12345,
      ...[...servers.values()].map((s) => s.port),
      ...[...externalTargets.values()].flatMap((s) => [...s].map((t) => Number(t.split('|')[1]))),
    ].map((port) => ({ protocol: 'TCP' as const, port })),
  ];
  return { pods, externals, ports, evaluator, intended, gateways, servers, serverRoutes, presidio };
}

describe('compileNetworkPolicies | evaluated on random estates', () => {
  test('every intended edge is allowed and no other edge is', () => {
    fc.assert(
      fc.property(arbitraryEstate, ({ docs }) => {
        const s = scenario(docs);
        const endpoints: NetworkEndpoint[] = [...s.pods, ...s.externals];
        let intendedEdges = 0;
        for (const src of s.pods) {
          for (const dst of endpoints) {
            if (src === dst) continue;
            for (const port of s.ports) {
              const want = s.intended(src, dst, port);
              const got = s.evaluator.allows(src, dst, port);
              if (want !== got) {
                throw new Error(
                  `${(src as any).id} -> ${'id' in dst ? (dst as any).id : (dst as any).ip} ${port.protocol}/${port.port}: intent says ${want}, policies say ${got}`,
                );
              }
              if (want && (src as any).role === 'gateway') intendedEdges++;
            }
          }
        }
        // Every gateway reaches DNS at least: the comparison above is never vacuous.
        expect(intendedEdges).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});

describe('inClusterNamespace |', () => {
  test('is consistent with the hosts the generator uses: public names and IPs are external', () => {
    const dns = { clusterDomain: 'cluster.local', callerNamespace: 'x', knownNamespaces: new Set(['guards']) };
    expect(inClusterNamespace('abc.com', dns)).toBeUndefined();
    expect(inClusterNamespace('10.1.2.1', dns)).toBeUndefined();
    expect(inClusterNamespace('presidio.guards', dns)).toBe('guards');
  });
});
