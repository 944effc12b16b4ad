import { resolveReconcilerOptions, type ReconcilerOptions, type ResolvedReconcilerOptions } from './runtime/reconciler-options.js';

/** Options that apply to a whole compilation, set by the app or by CLI flags. */
export interface CompileOptions {
  /**
   * DNS suffix of in-cluster Service names.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /**
   * Image of the guardrail adapter that Guards compile into.
   * @default 'ghcr.io/agentic-layer/guardrail-adapter:0.3.0'
   */
  readonly guardrailAdapterImage?: string;
  /**
   * App-wide default of `ToolRoute.spec.productionMode`: refuse, at build time, routes whose
   * upstream is not TLS, that send no credentials, whose gateway does not authenticate its
   * clients, or whose allow-list is not pinned. A route's own `productionMode` wins.
   * @default false
   */
  readonly productionMode?: boolean;
  /**
   * NetworkPolicies: default-deny for every gateway, tool server and guard adapter, with
   * exactly the edges the intent implies.
   * @default - emitted, with the defaults of NetworkOptions
   */
  readonly network?: NetworkOptions;
  /**
   * Status carriers, their CRDs and the runtime reconciler that writes their status.
   * @default - all emitted, with the defaults of ReconcilerOptions
   */
  readonly reconciler?: ReconcilerOptions;
  /**
   * ToolGatewayClasses of other controllers whose ToolGateways this compiler takes over, e.g.
   * `agentgateway`, the class the tool-gateway-agentgateway operator installs, when migrating
   * from it. Only ToolGateways of our own class (or of none, while ours is the default) compile
   * otherwise; the others, and their routes, are skipped with a note.
   * @default - none
   */
  readonly adoptToolGatewayClasses?: readonly string[];
}

/** How NetworkPolicies are derived. */
export interface NetworkOptions {
  /**
   * Emit NetworkPolicies at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Where cluster DNS runs (every isolated pod may query it on UDP and TCP 53).
   * @default - pods `k8s-app: kube-dns` in namespace `kube-system`
   */
  readonly dns?: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
  /**
   * The agentgateway control plane, which gateway proxies reach for their config (xDS).
   * @default - namespace `agentgateway-system`, port 9978
   */
  readonly controlPlane?: { readonly namespace: string; readonly port: number };
}

export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
export const DEFAULT_GUARDRAIL_ADAPTER_IMAGE = 'ghcr.io/agentic-layer/guardrail-adapter:0.3.0';

/** The namespace whose single ToolGateway serves routes that name no gateway (upstream rule). */
export const DEFAULT_GATEWAY_NAMESPACE = 'tool-gateway';

export const DEFAULT_DNS = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } } as const;
export const DEFAULT_CONTROL_PLANE = { namespace: 'agentgateway-system', port: 9978 } as const;

export type ResolvedNetworkOptions = Required<NetworkOptions>;
export type ResolvedCompileOptions = Required<Omit<CompileOptions, 'network' | 'reconciler'>> & {
  readonly network: ResolvedNetworkOptions;
  readonly reconciler: ResolvedReconcilerOptions;
};

export function resolveCompileOptions(o: CompileOptions = {}): ResolvedCompileOptions {
  return {
    clusterDomain: o.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN,
    guardrailAdapterImage: o.guardrailAdapterImage ?? DEFAULT_GUARDRAIL_ADAPTER_IMAGE,
    productionMode: o.productionMode ?? false,
    network: {
      enabled: o.network?.enabled ?? true,
      dns: o.network?.dns ?? DEFAULT_DNS,
      controlPlane: o.network?.controlPlane ?? DEFAULT_CONTROL_PLANE,
    },
    reconciler: resolveReconcilerOptions(o.reconciler),
    adoptToolGatewayClasses: [...(o.adoptToolGatewayClasses ?? [])],
  };
}
