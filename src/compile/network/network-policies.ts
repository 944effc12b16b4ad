import * as k8s from '../../../imports/k8s.constants.js';
import type { INetworkPolicyIngressRule, INetworkPolicyPeer, INetworkPolicySpec } from 'kubernetes-models/networking.k8s.io/v1';
import { GATEWAY_POD_LABEL } from '../../contracts/labels.js';
import type { Problem } from '../../contracts/problem.js';
import type { AnyIntent, Estate, ToolServerIntent } from '../../intent/estate.js';
import type { Manifest } from '../../contracts/manifest.js';
import type { CompiledGuard } from '../guards/compile-guards.js';
import type { ResolvedNetworkOptions } from '../compile-options.js';
import { checkDerivedName } from '../resolve/derived-name.js';
import { deriveEgress, estateNamespaces, inClusterService, type DnsContext, type EgressRequest } from './egress-derivation.js';
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
import { translateOtelEnv } from '../gateways/otel-tracing.js';
import { METRICS_PORT } from '../gateways/observability-policy.js';

/** The variables agentgateway takes its trace endpoint from (it exports only traces). */
const TRACE_ENDPOINT_VARS = ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'];

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
  ingress: readonly Edge[] | { readonly clients: LabelSelector; readonly also: readonly Edge[]; readonly metricsScrapers?: LabelSelector },
  ingressPort: number,
  egress: readonly Edge[],
): Manifest {
  const ingressRules: INetworkPolicyIngressRule[] = isEdgeList(ingress)
    ? rulesFromEdges(ingress, 'from')
    : [
        { from: [{ namespaceSelector: ingress.clients }], ports: [{ protocol: 'TCP', port: ingressPort }] },
        ...rulesFromEdges(ingress.also, 'from'),
        ...(ingress.metricsScrapers
          ? [{ from: [{ namespaceSelector: ingress.metricsScrapers }], ports: [{ protocol: 'TCP' as const, port: METRICS_PORT }] }]
          : []),
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
 * exactly the edges the intent implies: clients → gateway, metrics scrapers → gateway's metrics
 * port; gateway → each upstream, its trace and access-log collectors, its guard adapter, DNS and the agentgateway control plane; gateway → tool server
 * and guard adapter on their ports; tool server → DNS and its declared egress; adapter → DNS
 * and its provider. Every URL's edge is derived by `deriveEgress`, on the pods' own port.
 */
export function compileNetworkPolicies(input: NetworkInput, problems: Problem[], emit: (m: Manifest, from: AnyIntent) => void): void {
  const { estate, routes, guards, options } = input;
  const known = estateNamespaces(estate);
  const dnsFor = (callerNamespace: string): DnsContext => ({ clusterDomain: input.clusterDomain, callerNamespace, knownNamespaces: known });
  // A URL that names a ToolServer's Service reaches its pods, which listen on its port.
  const servers = new Map(estate.toolServers.map((s) => [JSON.stringify([s.namespace, s.name]), s]));
  /** The edge for a URL `from` calls, its warnings reported against `field`. */
  const derive = (
    from: AnyIntent,
    field: string,
    request: Omit<EgressRequest, 'podLabels'>,
    callerNamespace: string,
    podLabels?: Readonly<Record<string, string>>,
  ): Edge => {
    const dns = dnsFor(callerNamespace);
    let pods = podLabels;
    if (!pods) {
      const service = inClusterService(request.endpoint.host, dns);
      const server = service && servers.get(JSON.stringify([service.namespace, service.service]));
      if (server) pods = toolServerSelector(server);
    }
    const derived = deriveEgress({ ...request, ...(pods ? { podLabels: pods } : {}) }, dns);
    for (const w of derived.warnings) problemsFor(from, problems).warning(field, w);
    return derived.edge;
  };
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
      const request = {
        endpoint: r.endpoint,
        targetPort: r.route.spec.upstream.external?.targetPort,
        targetPortField: 'spec.upstream.external.targetPort',
        caller: 'the gateway',
        alternative: 'or define the server as a ToolServer and use spec.upstream.toolServerRef to narrow this to its pods',
      };
      const podLabels = r.toolServer ? toolServerSelector(r.toolServer) : undefined;
      egress.push(derive(r.route, 'spec.upstream.external.url', request, tg.namespace, podLabels));
    }
    const otel = translateOtelEnv(tg.spec.env);
    const collector = otel.tracing?.otlpEndpoint;
    // An endpoint from a Secret gives no rule; translateOtelEnv already says so.
    if (collector !== undefined) {
      const parsed = parseExternalUrl(collector);
      // The schema refuses a bad endpoint URL, so an error here was reported already.
      if ('endpoint' in parsed) {
        const request = {
          endpoint: parsed.endpoint,
          targetPort: tg.spec.telemetry?.otlpTargetPort,
          targetPortField: 'spec.telemetry.otlpTargetPort',
          caller: "the gateway's proxy (exporting traces)",
        };
        // The variable the endpoint came from: the last one that holds it (Kubernetes keeps the last of a name).
        const holders = (tg.spec.env ?? []).map((e) => TRACE_ENDPOINT_VARS.includes(e.name) && e.value === collector);
        const index = holders.lastIndexOf(true);
        egress.push(derive(tg, `spec.env[${index}].value`, request, tg.namespace));
      }
    }
    const logs = tg.spec.observability?.accessLog?.otlp;
    if (logs) {
      const parsed = parseExternalUrl(logs.endpoint);
      // The schema refuses a bad endpoint URL, so an error here was reported already.
      if ('endpoint' in parsed) {
        const request = {
          endpoint: parsed.endpoint,
          targetPort: logs.targetPort,
          targetPortField: 'spec.observability.accessLog.otlp.targetPort',
          caller: "the gateway's proxy (exporting access logs)",
        };
        egress.push(derive(tg, 'spec.observability.accessLog.otlp.endpoint', request, tg.namespace));
      }
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
        { clients: clients ?? {}, also, metricsScrapers: tg.spec.observability?.metrics?.scrapers.namespaceSelector },
        LISTENER_PORT,
        egress,
      ),
      tg,
    );
  }

  for (const ts of estate.toolServers) {
    const egress: Edge[] = [...dns, ...toolServerEgress(ts, (field, request) => derive(ts, field, request, ts.namespace), problems)];
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
    // An imported Guard's adapter and its NetworkPolicy are its owner's (see Guard allowedGateways).
    if (g.imported) continue;
    const ingress = g.gateways.map((x): Edge => ({ peer: gatewayPeer(x), protocol: 'TCP', port: ADAPTER_EXT_PROC_PORT }));
    const egress: Edge[] = [...dns];
    const provider = parseExternalUrl(g.providerUrl);
    if ('endpoint' in provider) {
      const request = {
        endpoint: provider.endpoint,
        targetPort: g.provider.spec.presidio?.targetPort,
        targetPortField: 'spec.presidio.targetPort',
        caller: `the adapter of Guard ${g.guard.namespace}/${g.guard.name}`,
      };
      // Reported against the provider, whose field it is; the adapter's namespace resolves its host.
      egress.push(derive(g.provider, 'spec.presidio.baseUrl', request, g.guard.namespace));
    } else {
      problemsFor(g.guard, problems).error('spec.providerRef', `the provider's presidio.baseUrl cannot be used: ${provider.error}`);
    }
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

function toolServerEgress(
  ts: ToolServerIntent,
  derive: (field: string, request: Omit<EgressRequest, 'podLabels'>) => Edge,
  problems: Problem[],
): Edge[] {
  const edges: Edge[] = [];
  for (const [i, target] of (ts.spec.egress ?? []).entries()) {
    if (target.url !== undefined) {
      const parsed = parseExternalUrl(target.url);
      if ('error' in parsed) {
        problemsFor(ts, problems).error(`spec.egress[${i}].url`, parsed.error);
      } else {
        const request = {
          endpoint: parsed.endpoint,
          targetPort: target.targetPort,
          targetPortField: `spec.egress[${i}].targetPort`,
          caller: 'the tool server',
        };
        edges.push(derive(`spec.egress[${i}].url`, request));
      }
    } else if (target.cidr !== undefined) {
      for (const port of target.ports ?? []) edges.push({ peer: { cidr: target.cidr }, protocol: 'TCP', port });
    }
  }
  return edges;
}
