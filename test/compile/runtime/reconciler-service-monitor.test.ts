import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../src/contracts/manifest.js';
import { NetworkPolicyEvaluator } from '../../../src/explain/network-policy-evaluator.js';
import { compileDocs, findManifest } from '../../support/compile-fixtures.js';
import { routeToUrl, toolGateway } from '../../support/intent-fixtures.js';

type Node = Record<string, any>;

const ESTATE = [toolGateway('tool-gateway', 'tg'), routeToUrl('team-a', 'weather', 'https://weather.example.com/mcp')];
const NAME = 'tool-gateway-reconciler';

function compile(reconciler: object) {
  const { objects, problems } = compileDocs(ESTATE, { reconciler });
  return { manifests: objects.map((o) => o.manifest), problems };
}

/** Which ports of the reconciler pod a pod in `namespace` with `labels` reaches, through the emitted policies. */
function reachable(manifests: readonly Manifest[], namespace: string, labels: Record<string, string>): number[] {
  const policies = manifests.filter((m) => m.kind === 'NetworkPolicy' && m.metadata.name === NAME);
  const evaluator = new NetworkPolicyEvaluator(policies, (ns) => ({ 'kubernetes.io/metadata.name': ns }));
  const reconciler = { kind: 'pod' as const, namespace: 'tool-gateway', labels: { 'app.kubernetes.io/name': NAME } };
  const from = { kind: 'pod' as const, namespace, labels };
  return [80, 443, 8080, 8081, 9090].filter((port) => evaluator.allows(from, reconciler, { protocol: 'TCP', port }));
}

describe('reconciler metrics | ServiceMonitor and scrape ingress', () => {
  it('by default: no Service, no ServiceMonitor, no ingress, nothing to warn about', () => {
    const { manifests, problems } = compile({});
    expect(manifests.some((m) => m.kind === 'ServiceMonitor' || m.metadata.name === `${NAME}-metrics`)).toBe(false);
    expect((findManifest(manifests, 'NetworkPolicy', 'tool-gateway', NAME) as Node).spec.ingress).toStrictEqual([]);
    expect(reachable(manifests, 'monitoring', { app: 'prometheus' })).toStrictEqual([]);
    expect(problems.filter((p) => p.field?.startsWith('reconciler.'))).toStrictEqual([]);
  });

  it('serviceMonitor: a Service on the health port and a ServiceMonitor scraping /metrics through it; a warning that nobody may scrape yet', () => {
    const { manifests, problems } = compile({ serviceMonitor: true });
    const service = findManifest(manifests, 'Service', 'tool-gateway', `${NAME}-metrics`) as Node;
    expect(service.spec).toStrictEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': NAME },
      ports: [{ name: 'health', port: 8081, targetPort: 'health', protocol: 'TCP' }],
    });
    const deployment = findManifest(manifests, 'Deployment', 'tool-gateway', NAME) as Node;
    expect(deployment.spec.template.spec.containers[0].ports).toContainEqual({ name: 'health', containerPort: 8081, protocol: 'TCP' });
    const monitor = findManifest(manifests, 'ServiceMonitor', 'tool-gateway', NAME) as Node;
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.spec.endpoints).toStrictEqual([{ port: 'health', path: '/metrics', interval: '30s', scheme: 'http' }]);
    // The ServiceMonitor's selector picks exactly the metrics Service among the Services emitted.
    const services = manifests.filter((m) => m.kind === 'Service' && m.metadata.namespace === 'tool-gateway');
    const selected = services.filter((s) =>
      Object.entries(monitor.spec.selector.matchLabels as Record<string, string>).every(([k, v]) => s.metadata.labels?.[k] === v),
    );
    expect(selected.map((s) => s.metadata.name)).toStrictEqual([`${NAME}-metrics`]);
    expect(problems).toContainEqual(expect.objectContaining({ severity: 'warning', field: 'reconciler.serviceMonitor' }));
    expect(reachable(manifests, 'monitoring', {})).toStrictEqual([]);
  });

  it('metricsFrom: pods it names reach the health port and nothing else; others reach nothing; each entry is warned about', () => {
    const { manifests, problems } = compile({
      serviceMonitor: true,
      metricsFrom: [{ namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } }, { namespace: 'observability' }],
    });
    expect(reachable(manifests, 'monitoring', { 'app.kubernetes.io/name': 'prometheus' })).toStrictEqual([8081]);
    expect(reachable(manifests, 'observability', { any: 'pod' })).toStrictEqual([8081]);
    expect(reachable(manifests, 'monitoring', { 'app.kubernetes.io/name': 'grafana' })).toStrictEqual([]);
    expect(reachable(manifests, 'team-a', {})).toStrictEqual([]);
    const warnings = problems.filter((p) => p.severity === 'warning' && p.field?.startsWith('reconciler.'));
    expect(warnings.map((w) => w.field)).toStrictEqual(['reconciler.metricsFrom[0]', 'reconciler.metricsFrom[1]']);
    expect(warnings[0]!.message).toBe(
      `the reconciler's NetworkPolicy admits pods in namespace "monitoring" labelled {"app.kubernetes.io/name":"prometheus"} to its health port 8081 (/metrics, /healthz, /readyz)`,
    );
  });

  it('a metricsFrom namespace that is not a namespace name is an error, and nothing is emitted', () => {
    const { manifests, problems } = compile({ metricsFrom: [{ namespace: 'Monitoring\u001b[31m' }] });
    expect(manifests).toStrictEqual([]);
    const error = problems.find((p) => p.severity === 'error')!;
    expect(error.field).toBe('reconciler.metricsFrom[0].namespace');
    expect(error.message).toContain('"Monitoring\\u001b[31m" is not a valid name; allowed:');
  });
});
