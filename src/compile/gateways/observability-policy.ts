import {
  AgentgatewayBackend,
  AgentgatewayPolicy,
  AgentgatewayPolicySpecFrontendAccessLogOtlpProtocol as OtlpProtocol,
} from '../../../imports/agentgateway.dev.constants.js';
import type { AgentgatewayBackendSpec, AgentgatewayPolicySpec, AgentgatewayPolicySpecFrontend } from '../../../imports/agentgateway.dev.js';
import type { Manifest } from '../../contracts/manifest.js';
import type { Problem } from '../../contracts/problem.js';
import type { ToolGatewayIntent } from '../../intent/estate.js';
import { buildManifest } from '../build-manifest.js';
import { provenanceLabels } from '../labels.js';
import { problemsFor } from '../problem-sink.js';
import { checkDerivedName } from '../resolve/derived-name.js';
import { parseExternalUrl } from '../resolve/upstream-endpoint.js';

/**
 * The proxy's Prometheus port (`/metrics`), which agentgateway's deployer annotates for scraping.
 * @see https://github.com/agentgateway/agentgateway/blob/v1.4.1/controller/pkg/helm/agentgateway/templates/_helpers.tpl
 */
export const METRICS_PORT = 15020;

/**
 * The MCP fields every access-log line and metric gets, as CEL over agentgateway's request
 * context (`mcp.methodName` is set once the request is done, which is when logs and metrics are
 * written). Named apart from agentgateway's own default log fields (`mcp.method.name`,
 * `mcp.target`, `gen_ai.tool.name`), which a field of the same name would replace.
 * @see https://github.com/agentgateway/agentgateway/blob/v1.4.1/crates/agentgateway/src/mcp/mod.rs
 */
export const MCP_LOG_FIELDS = [
  { name: 'mcp.method', expression: 'mcp.methodName' },
  { name: 'mcp.tool', expression: 'mcp.tool.name' },
  { name: 'mcp.tool.target', expression: 'mcp.tool.target' },
] as const;

/** The same fields as Prometheus labels, whose names allow no dots. */
export const MCP_METRIC_LABELS = MCP_LOG_FIELDS.map((f) => ({ name: f.name.replaceAll('.', '_'), expression: f.expression }));

/** `<tg>-observability`: the frontend policy with the gateway's access-log and metrics settings. */
export function observabilityPolicyName(tg: { name: string }): string {
  return `${tg.name}-observability`;
}

/** `<tg>-otlp-logs`: the static AgentgatewayBackend the proxy exports access logs through. */
export function otlpLogsBackendName(tg: { name: string }): string {
  return `${tg.name}-otlp-logs`;
}

/**
 * What `spec.observability` compiles into: an AgentgatewayPolicy `<tg>-observability` on the
 * Gateway (`frontend` policies may target only a Gateway) with `accessLog` (the MCP fields
 * added; exported over OTLP with `accessLog.otlp`) and `metrics` (the MCP fields as labels);
 * and, for an OTLP collector, the static AgentgatewayBackend `<tg>-otlp-logs` the policy's
 * `backendRef` needs (TLS with SNI for https), in the gateway's namespace, so no cross-namespace
 * grant is needed. Nothing for a gateway without access logs or metrics. Who may scrape and
 * where logs may go are the NetworkPolicy's part (network-policies.ts).
 */
export function compileObservability(tg: ToolGatewayIntent, problems: Problem[]): Manifest[] {
  const o = tg.spec.observability;
  if (!o?.accessLog && !o?.metrics) return [];
  const labels = provenanceLabels({ toolGateway: tg });
  const out: Manifest[] = [];
  let accessLog: AgentgatewayPolicySpecFrontend['accessLog'];
  if (o.accessLog) {
    const otlp = o.accessLog.otlp;
    let export_: NonNullable<AgentgatewayPolicySpecFrontend['accessLog']>['otlp'];
    if (otlp) {
      const parsed = parseExternalUrl(otlp.endpoint);
      if ('error' in parsed) {
        // The schema checks the URL when the intent is read; this is its second line of defence.
        problemsFor(tg, problems).error('spec.observability.accessLog.otlp.endpoint', parsed.error);
        return [];
      }
      const e = parsed.endpoint;
      const name = otlpLogsBackendName(tg);
      checkDerivedName(name, 'OTLP access-log AgentgatewayBackend', tg, problems);
      out.push(
        buildManifest(
          AgentgatewayBackend.GVK,
          { name, namespace: tg.namespace, labels },
          {
            spec: {
              static: { host: e.host, port: e.port },
              ...(e.tls ? { policies: { tls: e.sni ? { sni: e.sni } : {} } } : {}),
            } satisfies AgentgatewayBackendSpec,
          },
        ),
      );
      const http = otlp.protocol === 'http/protobuf';
      export_ = {
        backendRef: { group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name },
        protocol: http ? OtlpProtocol.HTTP : OtlpProtocol.GRPC,
        // A bare host leaves agentgateway's default logs path, /v1/logs, as OpenTelemetry's own exporters do.
        ...(http && e.path !== '/' ? { path: e.path } : {}),
      };
    }
    accessLog = {
      attributes: { add: MCP_LOG_FIELDS.map((f) => ({ ...f })) },
      ...(export_ ? { otlp: export_ } : {}),
    };
  }
  const frontend: AgentgatewayPolicySpecFrontend = {
    ...(accessLog ? { accessLog } : {}),
    ...(o.metrics ? { metrics: { attributes: { add: MCP_METRIC_LABELS.map((f) => ({ ...f })) } } } : {}),
  };
  const name = observabilityPolicyName(tg);
  checkDerivedName(name, 'observability AgentgatewayPolicy', tg, problems);
  out.push(
    buildManifest(
      AgentgatewayPolicy.GVK,
      { name, namespace: tg.namespace, labels },
      {
        spec: {
          targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: tg.name }],
          frontend,
        } satisfies AgentgatewayPolicySpec,
      },
    ),
  );
  return out;
}
