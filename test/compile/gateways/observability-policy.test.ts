import { describe, expect, it } from 'vitest';
import { MCP_LOG_FIELDS, MCP_METRIC_LABELS, METRICS_PORT } from '../../../src/compile/gateways/observability-policy.js';
import { celSyntaxError } from '../../../src/compile/routes/tool-filter-cel.js';
import { formatProblem } from '../../../src/contracts/problem.js';
import { validateManifests } from '../../../src/validate/validate-manifests.js';
import { compileDocs, compileValid, findManifest, json } from '../../support/compile-fixtures.js';
import { estateOf, namespaceDoc, toolGateway, type Doc } from '../../support/intent-fixtures.js';

const gatewayWith = (observability: Doc) => [
  namespaceDoc('observability'),
  namespaceDoc('monitoring', { team: 'sre' }),
  toolGateway('tool-gateway', 'tg', { observability }),
];

const GRPC_COLLECTOR = { endpoint: 'http://otel-collector.observability.svc:4317', protocol: 'grpc', targetPort: 14317 };
const MCP_FIELDS = [
  { name: 'mcp.method', expression: 'mcp.methodName' },
  { name: 'mcp.tool', expression: 'mcp.tool.name' },
  { name: 'mcp.tool.target', expression: 'mcp.tool.target' },
];

describe('observability |', () => {
  it('access logs with OTLP export and metrics become one frontend policy on the Gateway and a static collector backend', () => {
    const m = compileValid(
      gatewayWith({ accessLog: { otlp: GRPC_COLLECTOR }, metrics: { scrapers: { namespaceSelector: { matchLabels: { team: 'sre' } } } } }),
    );
    const policy = findManifest(m, 'AgentgatewayPolicy', 'tool-gateway', 'tg-observability');
    expect(json(policy.spec)).toStrictEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'tg' }],
      frontend: {
        accessLog: {
          attributes: { add: MCP_FIELDS },
          otlp: { backendRef: { group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name: 'tg-otlp-logs' }, protocol: 'GRPC' },
        },
        metrics: {
          attributes: {
            add: [
              { name: 'mcp_method', expression: 'mcp.methodName' },
              { name: 'mcp_tool', expression: 'mcp.tool.name' },
              { name: 'mcp_tool_target', expression: 'mcp.tool.target' },
            ],
          },
        },
      },
    });
    const backend = findManifest(m, 'AgentgatewayBackend', 'tool-gateway', 'tg-otlp-logs');
    expect(json(backend.spec)).toStrictEqual({ static: { host: 'otel-collector.observability.svc', port: 4317 } });
    expect(validateManifests([policy, backend].map((manifest) => ({ manifest, provenance: undefined })))).toStrictEqual([]);
  });

  it('the field expressions are valid CEL', () => {
    for (const f of [...MCP_LOG_FIELDS, ...MCP_METRIC_LABELS]) expect(celSyntaxError(f.expression), f.name).toBeUndefined();
  });

  it('an http/protobuf collector gets protocol HTTP, its URL path as the logs path, and TLS for https', () => {
    const m = compileValid(
      gatewayWith({ accessLog: { otlp: { endpoint: 'https://logs.example.com/otlp/v1/logs', protocol: 'http/protobuf' } } }),
    );
    const policy = findManifest(m, 'AgentgatewayPolicy', 'tool-gateway', 'tg-observability');
    expect(json(policy.spec)).toMatchObject({ frontend: { accessLog: { otlp: { protocol: 'HTTP', path: '/otlp/v1/logs' } } } });
    const backend = findManifest(m, 'AgentgatewayBackend', 'tool-gateway', 'tg-otlp-logs');
    expect(json(backend.spec)).toStrictEqual({
      static: { host: 'logs.example.com', port: 443 },
      policies: { tls: { sni: 'logs.example.com' } },
    });
    expect(validateManifests([policy, backend].map((manifest) => ({ manifest, provenance: undefined })))).toStrictEqual([]);
    // A bare host leaves agentgateway's default path.
    const bare = compileValid(gatewayWith({ accessLog: { otlp: { endpoint: 'https://logs.example.com', protocol: 'http/protobuf' } } }));
    expect(json(findManifest(bare, 'AgentgatewayPolicy', 'tool-gateway', 'tg-observability').spec)).not.toHaveProperty(
      'frontend.accessLog.otlp.path',
    );
  });

  it('accessLog: {} adds the MCP fields to the proxy log only, with no backend', () => {
    const m = compileValid(gatewayWith({ accessLog: {} }));
    expect(json(findManifest(m, 'AgentgatewayPolicy', 'tool-gateway', 'tg-observability').spec)).toStrictEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'tg' }],
      frontend: { accessLog: { attributes: { add: MCP_FIELDS } } },
    });
    expect(m.some((x) => x.metadata.name === 'tg-otlp-logs')).toBe(false);
  });

  it('emits nothing for a gateway without observability', () => {
    expect(compileValid([toolGateway('tool-gateway', 'tg')]).some((x) => x.metadata.name.startsWith('tg-o'))).toBe(false);
  });

  it('the proxy may reach the collector on its pod port and be scraped on 15020 by the scrapers only', () => {
    const m = compileValid(
      gatewayWith({ accessLog: { otlp: GRPC_COLLECTOR }, metrics: { scrapers: { namespaceSelector: { matchLabels: { team: 'sre' } } } } }),
    );
    const np = json(findManifest(m, 'NetworkPolicy', 'tool-gateway', 'tg-gateway').spec) as any;
    expect(np.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }],
      ports: [{ protocol: 'TCP', port: 14317 }],
    });
    expect(np.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { team: 'sre' } } }],
      ports: [{ protocol: 'TCP', port: METRICS_PORT }],
    });
    const without = json(
      findManifest(compileValid(gatewayWith({ accessLog: {} })), 'NetworkPolicy', 'tool-gateway', 'tg-gateway').spec,
    ) as any;
    expect(JSON.stringify(without.ingress)).not.toContain(String(METRICS_PORT));
  });

  it('warns, naming the field to set, when an in-cluster collector has no targetPort', () => {
    const { endpoint, protocol } = GRPC_COLLECTOR;
    const warnings = compileDocs(gatewayWith({ accessLog: { otlp: { endpoint, protocol } } }))
      .problems.filter((p) => p.severity === 'warning')
      .map(formatProblem);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('spec.observability.accessLog.otlp.endpoint: names Service otel-collector in namespace observability');
    expect(warnings[0]).toContain('set spec.observability.accessLog.otlp.targetPort');
  });

  it('refuses a grpc endpoint with a path, a missing protocol and a bad URL, naming the field', () => {
    const read = (otlp: Doc) => estateOf(gatewayWith({ accessLog: { otlp } })).problems.map(formatProblem);
    expect(read({ endpoint: 'http://otel-collector.observability.svc:4317/v1/logs', protocol: 'grpc' })).toStrictEqual([
      'error: ToolGateway tool-gateway/tg: spec.observability.accessLog.otlp.endpoint: "http://otel-collector.observability.svc:4317/v1/logs" has a path, which grpc does not use; remove the path, or set protocol: http/protobuf if the path is the collector\'s logs path',
    ]);
    expect(read({ endpoint: 'http://otel-collector.observability.svc:4317' })).toStrictEqual([
      'error: ToolGateway tool-gateway/tg: spec.observability.accessLog.otlp.protocol: is required; allowed: "grpc", "http/protobuf"',
    ]);
    const leaky = read({ endpoint: 'https://u:s3cret@logs.example.com', protocol: 'grpc' });
    expect(leaky[0]).toContain('spec.observability.accessLog.otlp.endpoint: ');
    expect(leaky[0]).not.toContain('s3cret');
    expect(read({ endpoint: 'http://169.254.169.254:4317', protocol: 'grpc' })[0]).toContain('which no pod of the estate may be sent to');
  });
});
