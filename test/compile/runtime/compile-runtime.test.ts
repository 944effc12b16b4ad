import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_LOADER,
  compileBundleConfigMap,
  compileReconcilerDeployment,
  RECONCILER_NODE_FLAGS,
} from '../../../src/compile/runtime/reconciler-workload.js';
import { DEFAULT_RECONCILER_NODE_IMAGE } from '../../../src/compile/runtime/reconciler-options.js';
import type { Manifest } from '../../../src/contracts/manifest.js';
import { validateManifests } from '../../../src/validate/validate-manifests.js';
import { NetworkPolicyEvaluator } from '../../../src/explain/network-policy-evaluator.js';
import type { ReconcilerPlan } from '../../../src/contracts/reconciler-plan.js';
import { cr, guard, presidioProvider, routeToServer, routeToUrl, toolGateway, toolServer } from '../../support/intent-fixtures.js';
import { compileDocs, compileValid, findManifest, isRuntimeObject } from '../../support/compile-fixtures.js';
import { TEST_RECONCILER_BUNDLE } from '../../support/runtime-assets.js';
import { containerLaunch } from '../../support/reconciler/container-launch.js';

type Node = Record<string, any>;

const ESTATE = [
  toolGateway('tool-gateway', 'tg', { guardrails: [{ name: 'pii', namespace: 'guards' }] }),
  guard('guards', 'pii', { allowedNamespaces: { from: 'All' } }),
  guard('guards', 'idle'),
  presidioProvider('guards'),
  toolServer('team-a', 'weather'),
  routeToServer('team-a', 'weather', 'weather', { toolFilter: { allow: ['get_*'] } }),
  routeToUrl('team-b', 'docs', 'https://docs.example.com/mcp'),
];
const manifests = compileValid(ESTATE);
const planOf = (ms: readonly Manifest[]): ReconcilerPlan =>
  JSON.parse((findManifest(ms, 'ConfigMap', 'tool-gateway', 'tool-gateway-reconciler-plan').data as Record<string, string>)['plan.json']!);
const plan = planOf(manifests);
const deployment = findManifest(manifests, 'Deployment', 'tool-gateway', 'tool-gateway-reconciler') as Node;
const pod = deployment.spec.template.spec;
const container = pod.containers[0];

/** The restricted Pod Security Standard, as the admission controller checks it (v1.28). */
function restrictedViolations(podSpec: Node): string[] {
  const out: string[] = [];
  const psc = podSpec.securityContext ?? {};
  for (const k of ['hostNetwork', 'hostPID', 'hostIPC']) if (podSpec[k]) out.push(k);
  for (const v of podSpec.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (!['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'].includes(type!))
      out.push(`volume ${v.name}: ${type}`);
  }
  for (const c of [...(podSpec.containers ?? []), ...(podSpec.initContainers ?? [])]) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) out.push(`${c.name}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${c.name}: allowPrivilegeEscalation`);
    if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) out.push(`${c.name}: runAsNonRoot`);
    if ((sc.runAsUser ?? psc.runAsUser) === 0) out.push(`${c.name}: runAsUser 0`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) out.push(`${c.name}: capabilities not dropped`);
    if ((sc.capabilities?.add ?? []).some((cap: string) => cap !== 'NET_BIND_SERVICE')) out.push(`${c.name}: capabilities added`);
    const seccomp = sc.seccompProfile?.type ?? psc.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${c.name}: seccompProfile`);
    if (c.ports?.some((p: Node) => p.hostPort)) out.push(`${c.name}: hostPort`);
  }
  return out;
}

describe('compileRuntime | what is emitted', () => {
  // Which objects make up the runtime layer, file by file, is the golden case test/golden/runtime-layer
  // (the same estate as ESTATE here).
  it('emits the runtime layer in the configured namespace, all passing the validation gate', () => {
    expect(validateManifests(manifests.map((manifest) => ({ manifest }))).filter((p) => p.severity === 'error')).toStrictEqual([]);
    const elsewhere = compileValid(ESTATE, { reconciler: { namespace: 'ops' } });
    expect(findManifest(elsewhere, 'Deployment', 'ops', 'tool-gateway-reconciler')).toBeDefined();
    expect((findManifest(elsewhere, 'RoleBinding', 'team-a', 'tool-gateway-reconciler') as Node).subjects).toStrictEqual([
      { kind: 'ServiceAccount', name: 'tool-gateway-reconciler', namespace: 'ops' },
    ]);
  });

  it('emits nothing for an estate with nothing to report on, or when switched off', () => {
    expect(compileValid([toolServer('team-a', 'lonely')]).filter(isRuntimeObject)).toStrictEqual([]);
    expect(compileValid(ESTATE, { reconciler: { enabled: false } }).filter(isRuntimeObject)).toStrictEqual([]);
  });

  it('reports a missing bundle supplier only by building the real one: compileEstate needs none from its caller', () => {
    expect(compileDocs(ESTATE).problems.filter((p) => p.severity === 'error')).toStrictEqual([]);
  });
});

describe('compileRuntime | the plan', () => {
  it('records what the compiler resolved: each route with its gateway, HTTPRoute, backend, policies and path', () => {
    expect(plan.routes).toStrictEqual([
      {
        namespace: 'team-a',
        name: 'weather',
        gateway: { namespace: 'tool-gateway', name: 'tg' },
        httpRoute: 'tg-weather',
        backend: 'tg-weather',
        policies: ['tg-weather-toolfilter'],
        path: '/team-a/weather/mcp',
      },
      {
        namespace: 'team-b',
        name: 'docs',
        gateway: { namespace: 'tool-gateway', name: 'tg' },
        httpRoute: 'tg-docs',
        backend: 'tg-docs',
        policies: [],
        path: '/team-b/docs/mcp',
      },
    ]);
    expect(plan.gateways).toStrictEqual([
      { namespace: 'tool-gateway', name: 'tg', policies: ['tg-guardrail'], guards: [{ namespace: 'guards', name: 'pii' }] },
    ]);
    expect(plan.guards).toStrictEqual([
      { namespace: 'guards', name: 'idle' },
      { namespace: 'guards', name: 'pii', deployment: 'pii-adapter' },
    ]);
    expect(plan.gatewayClassName).toBe('cdk8s-tool-gateway');
  });

  it('records a ToolSet as a route-like entry of kind ToolSet, watches ToolSets and ships their CRD only then', () => {
    const withSet = [
      ...ESTATE,
      cr('ToolSet', 'team-a', 'research', { toolGatewayRef: { name: 'tg', namespace: 'tool-gateway' }, routes: [{ name: 'weather' }] }),
    ];
    const objects = compileValid(withSet);
    expect(planOf(objects).routes.filter((r) => r.kind === 'ToolSet')).toStrictEqual([
      {
        namespace: 'team-a',
        name: 'research',
        gateway: { namespace: 'tool-gateway', name: 'tg' },
        httpRoute: 'tg-research',
        backend: 'tg-research',
        policies: ['tg-research-toolfilter'],
        path: '/team-a/research/mcp',
        kind: 'ToolSet',
      },
    ]);
    const teamA = planOf(objects).namespaces.find((n) => n.name === 'team-a')!;
    expect(teamA.watches.find((w) => w.kind === 'ToolSet')).toMatchObject({ resource: 'toolsets', writesStatus: true });
    expect(findManifest(objects, 'ToolSet', 'team-a', 'research').spec).toStrictEqual({
      toolGatewayRef: { name: 'tg', namespace: 'tool-gateway' },
      routes: [{ name: 'weather', namespace: 'team-a' }],
      prefixMode: 'Conditional',
    });
    const crdNames = (ms: readonly Manifest[]) => ms.filter((m) => m.kind === 'CustomResourceDefinition').map((m) => m.metadata.name);
    expect(crdNames(objects)).toContain('toolsets.runtime.agentic-layer.ai');
    expect(crdNames(manifests)).not.toContain('toolsets.runtime.agentic-layer.ai');
    expect(plan.routes.some((r) => 'kind' in r)).toBe(false);
  });

  it('watches, per namespace, exactly the resources it reads, through our label', () => {
    const watches = Object.fromEntries(
      plan.namespaces.map((n) => [n.name, n.watches.map((w) => `${w.kind}${w.writesStatus ? '+status' : ''}`)]),
    );
    expect(watches).toStrictEqual({
      guards: ['Deployment', 'Guard+status'],
      'team-a': ['AgentgatewayBackend', 'AgentgatewayPolicy', 'HTTPRoute', 'ToolRoute+status'],
      'team-b': ['AgentgatewayBackend', 'HTTPRoute', 'ToolRoute+status'],
      'tool-gateway': ['AgentgatewayPolicy', 'Gateway', 'ToolGateway+status'],
    });
    for (const n of plan.namespaces)
      for (const w of n.watches) expect(w.labelSelector).toBe('app.kubernetes.io/managed-by=cdk8s-tool-gateway');
  });

  it('watches a gateway owned by another pipeline without our label (it has not got it)', () => {
    const { objects, problems } = compileDocs(
      [routeToUrl('a', 'r', 'https://x.example.com/mcp', { toolGatewayRef: { name: 'shared', namespace: 'platform' } })],
      undefined,
      [{ name: 'shared', namespace: 'platform' }],
    );
    expect(problems).toStrictEqual([]);
    const p = planOf(objects.map((o) => o.manifest));
    expect(p.namespaces.find((n) => n.name === 'platform')!.watches).toStrictEqual([
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', resource: 'gateways', writesStatus: false },
    ]);
  });
});

describe('compileRuntime | least privilege', () => {
  const roles = manifests.filter((m) => m.kind === 'Role' || m.kind === 'ClusterRole') as Node[];

  it('grants nothing cluster-wide and no verb on any spec: read, and patch on /status only', () => {
    expect(manifests.some((m) => m.kind === 'ClusterRole' || m.kind === 'ClusterRoleBinding')).toBe(false);
    for (const role of roles) {
      if (role.metadata.name === 'tool-gateway-reconciler-leases') continue; // its own Leases: the next test
      for (const rule of role.rules) {
        if (rule.verbs.includes('patch')) {
          expect(rule.verbs).toStrictEqual(['patch']);
          for (const r of rule.resources) expect(r).toMatch(/^(toolgateways|toolroutes|guards)\/status$/);
        } else {
          expect(rule.verbs).toStrictEqual(['get', 'list', 'watch']);
        }
      }
    }
  });

  it('grants, per namespace, exactly what the plan watches there (the two are one list)', () => {
    for (const ns of plan.namespaces) {
      const role = findManifest(manifests, 'Role', ns.name, 'tool-gateway-reconciler') as Node;
      const read = role.rules
        .filter((r: Node) => r.verbs.includes('list'))
        .flatMap((r: Node) => r.resources)
        .sort();
      expect(read).toStrictEqual(ns.watches.map((w) => w.resource).sort());
      const status = role.rules
        .filter((r: Node) => r.verbs.includes('patch'))
        .flatMap((r: Node) => r.resources)
        .sort();
      expect(status).toStrictEqual(
        ns.watches
          .filter((w) => w.writesStatus)
          .map((w) => `${w.resource}/status`)
          .sort(),
      );
    }
    expect((findManifest(manifests, 'Role', 'team-b', 'tool-gateway-reconciler') as Node).rules).toStrictEqual([
      { apiGroups: ['agentgateway.dev'], resources: ['agentgatewaybackends'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['runtime.agentic-layer.ai'], resources: ['toolroutes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['runtime.agentic-layer.ai'], resources: ['toolroutes/status'], verbs: ['patch'] },
    ]);
  });

  it('lets the pod reach only DNS, the API server and the gateways it probes', () => {
    const np = findManifest(manifests, 'NetworkPolicy', 'tool-gateway', 'tool-gateway-reconciler') as Node;
    expect(np.spec.podSelector).toStrictEqual({ matchLabels: { 'app.kubernetes.io/name': 'tool-gateway-reconciler' } });
    expect(np.spec.policyTypes).toStrictEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toStrictEqual([]);
    const dns = {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    };
    const any = [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }];
    const gatewayPods = {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tool-gateway' } },
      podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'tg' } },
    };
    expect(np.spec.egress).toStrictEqual([
      { to: [dns], ports: [{ protocol: 'TCP', port: 53 }] },
      // The proxy pods on the listener port only: not their admin, readiness or metrics ports.
      { to: [gatewayPods], ports: [{ protocol: 'TCP', port: 80 }] },
      { to: any, ports: [{ protocol: 'TCP', port: 443 }] },
      { to: any, ports: [{ protocol: 'TCP', port: 6443 }] },
      { to: [dns], ports: [{ protocol: 'UDP', port: 53 }] },
    ]);
    // Evaluated with Kubernetes semantics: the reconciler reaches the proxy on 80 and on no other port.
    const evaluator = new NetworkPolicyEvaluator([np as unknown as Manifest], (ns) => ({ 'kubernetes.io/metadata.name': ns }));
    const reconciler = { kind: 'pod' as const, namespace: 'tool-gateway', labels: { 'app.kubernetes.io/name': 'tool-gateway-reconciler' } };
    const proxy = { kind: 'pod' as const, namespace: 'tool-gateway', labels: { 'gateway.networking.k8s.io/gateway-name': 'tg' } };
    const reachable = [80, 443, 9978, 15000, 15020, 15021, 8080].filter((port) =>
      evaluator.allows(reconciler, proxy, { protocol: 'TCP', port }),
    );
    expect(reachable).toStrictEqual([80]);
    const pinned = findManifest(
      compileValid(ESTATE, { reconciler: { apiServerCidrs: ['10.0.0.10/32'] } }),
      'NetworkPolicy',
      'tool-gateway',
      'tool-gateway-reconciler',
    ) as Node;
    expect(pinned.spec.egress.filter((r: Node) => r.to.some((p: Node) => p.ipBlock))).toStrictEqual([
      { to: [{ ipBlock: { cidr: '10.0.0.10/32' } }], ports: [{ protocol: 'TCP', port: 443 }] },
      { to: [{ ipBlock: { cidr: '10.0.0.10/32' } }], ports: [{ protocol: 'TCP', port: 6443 }] },
    ]);
    expect(compileValid(ESTATE, { network: { enabled: false } }).some((m) => m.kind === 'NetworkPolicy')).toBe(false);
  });
});

describe('compileRuntime | the Deployment', () => {
  it('meets the restricted Pod Security Standard', () => {
    expect(restrictedViolations(pod)).toStrictEqual([]);
    expect(pod.securityContext).toStrictEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toStrictEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('runs two replicas with requests, limits, health endpoints and a grace period for its shutdown', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy).toStrictEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(container.resources).toStrictEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect(container.livenessProbe.httpGet).toStrictEqual({ path: '/healthz', port: 'health' });
    expect(container.readinessProbe.httpGet).toStrictEqual({ path: '/readyz', port: 'health' });
    expect(container.ports).toStrictEqual([{ name: 'health', containerPort: 8081, protocol: 'TCP' }]);
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    expect(pod.serviceAccountName).toBe('tool-gateway-reconciler');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  it('by default runs the bundle from its ConfigMap on the stock Node 24 LTS image, pinned by tag', () => {
    expect(container.image).toBe('docker.io/library/node:24.13.0-alpine');
    expect(container.command).toStrictEqual(['node', ...RECONCILER_NODE_FLAGS, '--input-type=module', '-e', BUNDLE_LOADER, '--']);
    expect(container.args).toStrictEqual(['--plan', '/etc/tool-gateway-reconciler/plan.json', '--health-port', '8081']);
    const cm = findManifest(manifests, 'ConfigMap', 'tool-gateway', 'tool-gateway-reconciler-bundle') as Node;
    expect(cm.data).toBeUndefined();
    expect(brotliDecompressSync(Buffer.from(cm.binaryData['reconciler.mjs.br'], 'base64')).toString('utf8')).toBe(
      TEST_RECONCILER_BUNDLE.text,
    );
    expect(deployment.spec.template.metadata.annotations['runtime.agentic-layer.ai/bundle-hash']).toBe(TEST_RECONCILER_BUNDLE.digest);
    expect(deployment.spec.template.metadata.annotations['runtime.agentic-layer.ai/plan-hash']).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('unpacks the bundle only into its emptyDir: the root filesystem stays read-only', () => {
    expect(container.volumeMounts).toContainEqual({ name: 'scratch', mountPath: '/tmp', readOnly: false });
    expect(pod.volumes).toContainEqual({ name: 'scratch', emptyDir: { sizeLimit: '16Mi' } });
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(BUNDLE_LOADER).toContain("const file = '/tmp/reconciler.mjs';");
    expect(BUNDLE_LOADER.match(/writeFileSync\(/g)).toHaveLength(1);
  });

  it('gives the prebuilt image (Dockerfile.reconciler) the same Node image and flags', () => {
    const dockerfile = readFileSync('Dockerfile.reconciler', 'utf8');
    expect(/^FROM (.+)$/m.exec(dockerfile)![1]).toBe(DEFAULT_RECONCILER_NODE_IMAGE);
    const entrypoint = /^ENTRYPOINT (.+)$/m.exec(dockerfile)![1]!;
    expect(JSON.parse(entrypoint)).toStrictEqual(['node', ...RECONCILER_NODE_FLAGS, '/opt/tool-gateway-reconciler/reconciler.mjs']);
  });

  it('with an image, runs that image and ships no bundle', () => {
    const out = compileValid(ESTATE, { reconciler: { image: 'registry.example.com/tool-gateway-reconciler:1.0.0' } });
    const c = (findManifest(out, 'Deployment', 'tool-gateway', 'tool-gateway-reconciler') as Node).spec.template.spec.containers[0];
    expect(c.image).toBe('registry.example.com/tool-gateway-reconciler:1.0.0');
    expect(c.command).toBeUndefined();
    expect(c.volumeMounts.map((v: Node) => v.name)).toStrictEqual(['plan']);
    expect(out.some((m) => m.metadata.name === 'tool-gateway-reconciler-bundle')).toBe(false);
  });

  it('packs the bundle the same bytes in every process, and its loader unpacks and runs it with the arguments', () => {
    const text = `console.log(JSON.stringify(process.argv.slice(process.argv.indexOf('--plan'))));\n//${'x'.repeat(300_000)}\n`;
    const bundle = { text, digest: 'sha256:big' };
    const cm = compileBundleConfigMap(bundle, 'ns') as Node;
    // Packed in another Node process by the compiled library: the bytes depend on nothing but the text.
    const lib = new URL('../../../lib/src/compile/runtime/reconciler-workload.js', import.meta.url).href;
    const again = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { compileBundleConfigMap } = await import(${JSON.stringify(lib)}); const text = (await import('node:fs')).readFileSync(0, 'utf8'); process.stdout.write(JSON.stringify(compileBundleConfigMap({ text, digest: 'x' }, 'ns')));`,
      ],
      { input: text, encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    expect(JSON.parse(again).binaryData).toStrictEqual(cm.binaryData);
    expect(Buffer.byteLength(JSON.stringify(cm))).toBeLessThan(262_144);

    const d = compileReconcilerDeployment({ namespace: 'ns', plan, bundle, image: 'node' });
    const pod = mkdtempSync(join(tmpdir(), 'tgw-loader-'));
    try {
      const launch = containerLaunch(cm, d, pod);
      const args = (d as Node).spec.template.spec.containers[0].args as string[];
      const out = execFileSync(process.execPath, [...launch, ...args], { encoding: 'utf8' });
      expect(JSON.parse(out)).toStrictEqual(args);
    } finally {
      rmSync(pod, { recursive: true, force: true });
    }
  });
});
