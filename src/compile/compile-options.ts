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
}

export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
export const DEFAULT_GUARDRAIL_ADAPTER_IMAGE = 'ghcr.io/agentic-layer/guardrail-adapter:0.3.0';

/** The namespace whose single ToolGateway serves routes that name no gateway (upstream rule). */
export const DEFAULT_GATEWAY_NAMESPACE = 'tool-gateway';

export type ResolvedCompileOptions = Required<CompileOptions>;

export function resolveCompileOptions(o: CompileOptions = {}): ResolvedCompileOptions {
  return {
    clusterDomain: o.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN,
    guardrailAdapterImage: o.guardrailAdapterImage ?? DEFAULT_GUARDRAIL_ADAPTER_IMAGE,
  };
}
