import * as k8s from '../../../imports/k8s.constants.js';
import type { INetworkPolicySpec } from 'kubernetes-models/networking.k8s.io/v1';
import type { Manifest } from '../../contracts/manifest.js';
import { buildManifest } from '../build-manifest.js';
import type { ReconcilerPlan } from '../../contracts/reconciler-plan.js';
import type { ResolvedNetworkOptions } from '../compile-options.js';
import { rulesFromEdges, type Edge } from '../network/network-edges.js';
import { LISTENER_PORT } from '../gateways/gateway.js';
import { gatewayPeer } from '../network/network-policies.js';
import { RECONCILER_NAME, reconcilerLabels } from './reconciler-rbac.js';
import type { MetricsScraper } from './reconciler-options.js';
import { RECONCILER_HEALTH_PORT } from './reconciler-workload.js';

/** Ports the Kubernetes API server listens on behind its Service (managed clusters: 443; kubeadm: 6443). */
export const API_SERVER_PORTS = [443, 6443] as const;

/** Any address: the API server's endpoint addresses are not known at build time. */
const ANY_ADDRESS = ['0.0.0.0/0', '::/0'] as const;

/**
 * The reconciler's NetworkPolicy: no ingress (kubelet probes are not subject to policies) but,
 * when `metricsFrom` names scrapers, from them to the health port only; and
 * egress only to cluster DNS, the API server and the proxy pods of the gateways it probes, on the
 * listener port only (the proxy pods also serve admin, readiness and metrics ports, which the
 * probe has no business reaching). The API server rule is port-bound; with `apiServerCidrs` it
 * is address-bound too.
 */
export function compileReconcilerNetworkPolicy(
  plan: ReconcilerPlan,
  namespace: string,
  network: ResolvedNetworkOptions,
  apiServerCidrs: readonly string[] | undefined,
  metricsFrom: readonly MetricsScraper[] = [],
): Manifest {
  const dns = { namespace: network.dns.namespace, podLabels: network.dns.podLabels };
  const edges: Edge[] = [
    { peer: dns, protocol: 'UDP', port: 53 },
    { peer: dns, protocol: 'TCP', port: 53 },
  ];
  for (const cidr of apiServerCidrs ?? ANY_ADDRESS) {
    for (const port of API_SERVER_PORTS) edges.push({ peer: { cidr }, protocol: 'TCP', port });
  }
  // The proxy listens on the Gateway's listener port itself (agentgateway binds the listener port in the pod).
  for (const r of plan.routes) edges.push({ peer: gatewayPeer(r.gateway), protocol: 'TCP', port: LISTENER_PORT });
  const egress = rulesFromEdges(edges, 'to');
  const ingress = rulesFromEdges(
    metricsFrom.map((m) => ({
      peer: { namespace: m.namespace, podLabels: m.podLabels },
      protocol: 'TCP' as const,
      port: RECONCILER_HEALTH_PORT,
    })),
    'from',
  );
  return buildManifest(
    k8s.KubeNetworkPolicy.GVK,
    { name: RECONCILER_NAME, namespace, labels: reconcilerLabels() },
    {
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': RECONCILER_NAME } },
        policyTypes: ['Ingress', 'Egress'],
        ingress,
        egress,
      } satisfies INetworkPolicySpec,
    },
  );
}
