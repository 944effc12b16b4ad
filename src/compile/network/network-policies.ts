import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { INetworkPolicyIngressRule, INetworkPolicyPeer, INetworkPolicySpec } from 'kubernetes-models/networking.k8s.io/v1';
import { GATEWAY_POD_LABEL } from '../../contracts/labels.js';
import type { Problem } from '../../contracts/problem.js';
import type { AnyIntent, Estate, ToolServerIntent } from '../../intent/estate.js';
import type { Manifest } from '../../contracts/manifest.js';
import type { CompiledGuard } from '../guards/compile-guards.js';
import type { ResolvedNetworkOptions } from '../compile-options.js';
import { checkDerivedName } from '../resolve/derived-name.js';
import { edgeForEndpoint, estateNamespaces, inClusterService, type DnsContext } from './egress-derivation.js';
import { LISTENER_PORT } from '../gateways/gateway.js';
import { ADAPTER_EXT_PROC_PORT, adapterName } from '../guards/guard-adapter.js';
import { buildManifest } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';
import { problemsFor } from '../problem-sink.js';
import { rulesFromEdges, type Edge, type Peer } from './network-edges.js';
import { refNamespace } from '../resolve/resolve-ref.js';
import type { ResolvedRoute } from '../resolve/resolve-routes.js';
import { toolServerSelector } from '../workloads/tool-server-workload.js';
import { parseExternalUrl } from '../resolve/upstream-endpoint.js';

type GatewayRef = { readonly name: string; readonly namespace: string };

type LabelSelector = NonNullable<INetworkPolicyPeer['namespaceSelector']>;

const key = (ns: string, name: string) => `${ns}/${name}`;

// Exact: these groups replace comparisons of namespace and name, whatever characters they hold.
const gatewayKey = (g: GatewayRef) => JSON.stringify([g.namespace, g.name]);

/** The proxy pods of a gateway, as a peer. */
export function gatewayPeer(g: GatewayRef): Peer {
  return { namespace: g.namespace, podLabels: { [GATEWAY_POD_LABEL]: g.name } };
}

function dnsEdges(o: ResolvedNetworkOptions): Edge[] {
  const peer: Peer = { namespace: o.dns.namespace, podLabels: o.dns.podLabels };
  return [
    { peer, protocol: 'UDP', port: 53 },
    { peer, protocol: 'TCP', port: 53 },
  ];
}

function policy(
  name: string,
  namespace: string,
  podLabels: Readonly<Record<string, string>>,
  labels: Record<string, string>,
  ingress: readonly Edge[] | { readonly clients: LabelSelector; readonly also: readonly Edge[] },
  ingressPort: number,
  egress: readonly Edge[],
): Manifest {
  const ingressRules: INetworkPolicyIngressRule[] = isEdgeList(ingress)
    ? rulesFromEdges(ingress, 'from')
    : [
        { from: [{ namespaceSelector: ingress.clients }], ports: [{ protocol: 'TCP', port: ingressPort }] },
        ...rulesFromEdges(ingress.also, 'from'),
      ];
  return buildManifest(
    k8s.KubeNetworkPolicy.GVK,
    { name, namespace, labels },
    {
      spec: {
        podSelector: { matchLabels: { ...podLabels } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: ingressRules,
        egress: rulesFromEdges(egress, 'to'),
      } satisfies INetworkPolicySpec,
    },
  );
}

function append<T>(groups: Map<string, T[]>, k: string, item: T): void {
  const list = groups.get(k);
  if (list) list.push(item);
  else groups.set(k, [item]);
}

// Array.isArray does not narrow a readonly array out of a union.
function isEdgeList(x: readonly Edge[] | object): x is readonly Edge[] {
  return Array.isArray(x);
}

export interface NetworkInput {
  readonly estate: Estate;
  readonly routes: readonly ResolvedRoute[];
  readonly guards: readonly CompiledGuard[];
  readonly clusterDomain: string;
  readonly options: ResolvedNetworkOptions;
  /** The runtime reconciler's pods, which probe every route through its gateway; undefined when it is off. */
  readonly reconciler?: Peer;
}

/**
 * Default-deny NetworkPolicies for every gateway, tool server and guard adapter we emit, with
 * exactly the edges the intent implies: clients → gateway; gateway → each upstream, its guard
 * adapter, DNS and the agentgateway control plane; gateway → tool server and guard adapter on
 * their ports; tool server → DNS and its declared egress; adapter → DNS and its provider.
 */
export function compileNetworkPolicies(input: NetworkInput, problems: Problem[], emit: (m: Manifest, from: AnyIntent) => void): void {
  const { estate, routes, guards, options } = input;
  const known = estateNamespaces(estate);
  const dnsFor = (callerNamespace: string): DnsContext => ({ clusterDomain: input.clusterDomain, callerNamespace, knownNamespaces: known });
  const dns = dnsEdges(options);

  // Grouped once, in input order, so each gateway and server below looks up its own instead of
  // scanning every route and guard (gateways × routes on a large estate).
  const serverCallers = new Map<string, Edge[]>();
  const gatewayRoutes = new Map<string, ResolvedRoute[]>();
  for (const r of routes) {
    append(gatewayRoutes, gatewayKey(r.gateway), r);
    if (!r.toolServer) continue;
    const edge: Edge = { peer: gatewayPeer(r.gateway), protocol: 'TCP', port: r.toolServer.spec.port };
    append(serverCallers, key(r.toolServer.namespace, r.toolServer.name), edge);
  }
  const gatewayGuards = new Map<string, CompiledGuard[]>();
  for (const g of guards) {
    // A guard listing the same gateway twice still gives that gateway one edge to it.
    for (const k of new Set(g.gateways.map(gatewayKey))) append(gatewayGuards, k, g);
  }

  for (const tg of estate.toolGateways) {
    const egress: Edge[] = [
      ...dns,
      { peer: { namespace: options.controlPlane.namespace }, protocol: 'TCP', port: options.controlPlane.port },
    ];
    for (const r of gatewayRoutes.get(gatewayKey(tg)) ?? []) {
      const podLabels = r.toolServer ? toolServerSelector(r.toolServer) : undefined;
      egress.push(edgeForEndpoint(r.endpoint, dnsFor(tg.namespace), podLabels));
      if (!r.toolServer) warnUnnarrowedService(r, dnsFor(tg.namespace), problems);
    }
    for (const g of gatewayGuards.get(gatewayKey(tg)) ?? []) {
      egress.push({
        peer: { namespace: g.guard.namespace, podLabels: { app: adapterName(g.guard) } },
        protocol: 'TCP',
        port: ADAPTER_EXT_PROC_PORT,
      });
    }
    const name = `${tg.name}-gateway`;
    checkDerivedName(name, 'NetworkPolicy', tg, problems);
    // Clients by namespace; with a narrowed client list, the reconciler's probe must still get through.
    const clients = tg.spec.allowedClients?.namespaceSelector;
    const also: Edge[] = clients && input.reconciler ? [{ peer: input.reconciler, protocol: 'TCP', port: LISTENER_PORT }] : [];
    emit(
      policy(
        name,
        tg.namespace,
        { [GATEWAY_POD_LABEL]: tg.name },
        provenanceLabels({ toolGateway: tg }),
        { clients: clients ?? {}, also },
        LISTENER_PORT,
        egress,
      ),
      tg,
    );
  }

  for (const ts of estate.toolServers) {
    const egress: Edge[] = [...dns, ...toolServerEgress(ts, dnsFor(ts.namespace), problems)];
    // Gateways of other pipelines, whose routes this compile never sees, are admitted by name.
    const foreignCallers = (ts.spec.allowedGateways ?? []).map((ref): Edge => ({
      peer: gatewayPeer({ name: ref.name, namespace: refNamespace(ref, ts) }),
      protocol: 'TCP',
      port: ts.spec.port,
    }));
    const name = `${ts.name}-tool-server`;
    checkDerivedName(name, 'NetworkPolicy', ts, problems);
    emit(
      policy(
        name,
        ts.namespace,
        toolServerSelector(ts),
        provenanceLabels({ toolServer: ts.name }),
        [...(serverCallers.get(key(ts.namespace, ts.name)) ?? []), ...foreignCallers],
        ts.spec.port,
        egress,
      ),
      ts,
    );
  }

  for (const g of guards) {
    const ingress = g.gateways.map((x): Edge => ({ peer: gatewayPeer(x), protocol: 'TCP', port: ADAPTER_EXT_PROC_PORT }));
    const egress: Edge[] = [...dns];
    const provider = parseExternalUrl(g.providerUrl);
    if ('endpoint' in provider) egress.push(edgeForEndpoint(provider.endpoint, dnsFor(g.guard.namespace)));
    else problemsFor(g.guard, problems).error('spec.providerRef', `the provider's presidio.baseUrl cannot be used: ${provider.error}`);
    emit(
      policy(
        adapterName(g.guard),
        g.guard.namespace,
        { app: adapterName(g.guard) },
        provenanceLabels({ guard: g.guard.name }),
        ingress,
        ADAPTER_EXT_PROC_PORT,
        egress,
      ),
      g.guard,
    );
  }
}

/**
 * An in-cluster URL that names no ToolServer of the estate: the pods behind that Service are
 * unknown at build time, so the gateway may reach its whole namespace on that port. Said aloud,
 * because a ToolServer reference would narrow it to the server's pods.
 */
function warnUnnarrowedService(r: ResolvedRoute, dns: DnsContext, problems: Problem[]): void {
  const service = inClusterService(r.endpoint.host, dns);
  if (!service) return;
  problemsFor(r.route, problems).warning(
    'spec.upstream.external.url',
    `names Service ${service.service} in namespace ${service.namespace}, which is no ToolServer of this estate, so its pods are unknown here and the gateway may reach every pod of namespace ${service.namespace} on port ${r.endpoint.port}; define the server as a ToolServer and use spec.upstream.toolServerRef to narrow this to its pods`,
  );
}

function toolServerEgress(ts: ToolServerIntent, dns: DnsContext, problems: Problem[]): Edge[] {
  const edges: Edge[] = [];
  for (const [i, target] of (ts.spec.egress ?? []).entries()) {
    if (target.url !== undefined) {
      const parsed = parseExternalUrl(target.url);
      if ('error' in parsed) {
        problemsFor(ts, problems).error(`spec.egress[${i}].url`, parsed.error);
      } else {
        edges.push(edgeForEndpoint(parsed.endpoint, dns));
      }
    } else if (target.cidr !== undefined) {
      for (const port of target.ports ?? []) edges.push({ peer: { cidr: target.cidr }, protocol: 'TCP', port });
    }
  }
  return edges;
}
