import type { AllowedNamespaces } from './allowed-namespaces.js';

/** An OTLP collector the gateway proxy exports to. */
export interface OtlpExport {
  /** The collector's URL, e.g. `http://otel-collector.observability.svc:4317`; for http/protobuf its path is the logs path. */
  readonly endpoint: string;
  /** The OTLP transport: no default, since agentgateway's (grpc) and OpenTelemetry's (http/protobuf) differ. */
  readonly protocol: 'grpc' | 'http/protobuf';
  /**
   * The port the collector's pods listen on (its Service's `targetPort`), for the proxy's
   * NetworkPolicy, when `endpoint` names an in-cluster Service.
   * @default - the proxy may reach every TCP port of the collector's namespace, with a warning
   */
  readonly targetPort?: number;
}

/** Access logs of the gateway proxy, with the MCP method, tool and target of every request. */
export interface AccessLog {
  /**
   * Also export every line to this OTLP collector.
   * @default - the proxy's own log only
   */
  readonly otlp?: OtlpExport;
}

/** The intent form of `accessLog` and `metricsScrapers`: `spec.observability`. */
export function observabilitySpec(
  accessLog: AccessLog | undefined,
  metricsScrapers: AllowedNamespaces | undefined,
  ownNamespace: string,
): Record<string, unknown> | undefined {
  if (!accessLog && !metricsScrapers) return undefined;
  const otlp = accessLog?.otlp;
  return {
    ...(accessLog
      ? {
          accessLog: otlp
            ? {
                otlp: {
                  endpoint: otlp.endpoint,
                  protocol: otlp.protocol,
                  ...(otlp.targetPort !== undefined ? { targetPort: otlp.targetPort } : {}),
                },
              }
            : {},
        }
      : {}),
    // all() admits every namespace: the empty selector, which a NetworkPolicy reads that way.
    ...(metricsScrapers ? { metrics: { scrapers: metricsScrapers._toNamespaceSelector(ownNamespace) ?? { namespaceSelector: {} } } } : {}),
  };
}
