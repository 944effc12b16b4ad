/** How the status carriers and the runtime reconciler are emitted. */
export interface ReconcilerOptions {
  /**
   * Emit the status carriers (the intent objects themselves), our ToolGatewayClass, the CRDs and
   * the reconciler that writes their status.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Emit CustomResourceDefinitions for the carrier kinds. Leave them out when the upstream
   * agentic-layer CRDs are installed by another pipeline: the carriers hold only upstream
   * fields and apply to either (without our CRDs, `status.tools` and `status.mcp` are pruned).
   * @default true
   */
  readonly crds?: boolean;
  /**
   * A prebuilt reconciler image (see Dockerfile.reconciler) instead of the bundle in a ConfigMap.
   * @default - the bundle ships in a ConfigMap and runs on the stock, pinned Node image
   */
  readonly image?: string;
  /**
   * Namespace of the reconciler's Deployment, ServiceAccount and ConfigMaps.
   * @default 'tool-gateway'
   */
  readonly namespace?: string;
  /**
   * Where the Kubernetes API server's endpoints are, for the reconciler's egress NetworkPolicy.
   * A Service ClusterIP does not work here: policies see the endpoint address after DNAT.
   * @default - any address, on ports 443 and 6443 only
   */
  readonly apiServerCidrs?: readonly string[];
  /**
   * Also emit a Service for the reconciler's health port and a Prometheus Operator ServiceMonitor
   * scraping its `/metrics`. Off by default: the ServiceMonitor CRD (monitoring.coreos.com/v1)
   * may not be installed, and an object of an unknown kind fails the whole apply.
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Pods that may scrape `/metrics` (and reach `/healthz`, `/readyz`) on the health port through
   * the reconciler's NetworkPolicy: a namespace, and optionally pod labels in it, e.g.
   * `{ namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } }`. Each
   * entry opens ingress, and synth warns about it.
   * @default - none: the reconciler admits no ingress (kubelet probes are not subject to policies)
   */
  readonly metricsFrom?: readonly MetricsScraper[];
  /**
   * Reconciler pods. More than one share the status carriers through shard Leases, roll one at a
   * time (maxUnavailable 0, maxSurge 1), spread over nodes and get a PodDisruptionBudget.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Shards the status carriers are split into (by an FNV-1a hash of namespace/name); each is
   * written by the one replica holding its Lease. More shards than replicas let the load move
   * in smaller pieces when a replica joins or leaves.
   * @default - 4, or `replicas` when that is more
   */
  readonly shards?: number;
}

/** Pods allowed to scrape the reconciler's metrics. */
export interface MetricsScraper {
  readonly namespace: string;
  readonly podLabels?: Readonly<Record<string, string>>;
}

export const DEFAULT_RECONCILER_REPLICAS = 2;
export const DEFAULT_RECONCILER_SHARDS = 4;
/**
 * Upper bounds: every replica renews its Leases and lists them every 2 s and caches every watched
 * object, so past these more pods add API server traffic and memory rather than throughput.
 */
export const MAX_RECONCILER_REPLICAS = 16;
export const MAX_RECONCILER_SHARDS = 64;

/**
 * Node image that runs the bundle from the ConfigMap: stock, pinned by tag. Node 24 is an LTS in
 * support until April 2028; the reconciler bundle's esbuild target (scripts/build.mjs) matches its major.
 */
export const DEFAULT_RECONCILER_NODE_IMAGE = 'docker.io/library/node:24.13.0-alpine';
export const DEFAULT_RECONCILER_NAMESPACE = 'tool-gateway';

export interface ResolvedReconcilerOptions {
  readonly enabled: boolean;
  readonly crds: boolean;
  readonly image: string | undefined;
  readonly namespace: string;
  readonly apiServerCidrs: readonly string[] | undefined;
  readonly serviceMonitor: boolean;
  readonly metricsFrom: readonly MetricsScraper[];
  readonly replicas: number;
  readonly shards: number;
}

export function resolveReconcilerOptions(o: ReconcilerOptions = {}): ResolvedReconcilerOptions {
  return {
    enabled: o.enabled ?? true,
    crds: o.crds ?? true,
    image: o.image,
    namespace: o.namespace ?? DEFAULT_RECONCILER_NAMESPACE,
    apiServerCidrs: o.apiServerCidrs,
    serviceMonitor: o.serviceMonitor ?? false,
    metricsFrom: o.metricsFrom ?? [],
    replicas: o.replicas ?? DEFAULT_RECONCILER_REPLICAS,
    shards: o.shards ?? Math.max(DEFAULT_RECONCILER_SHARDS, o.replicas ?? DEFAULT_RECONCILER_REPLICAS),
  };
}
