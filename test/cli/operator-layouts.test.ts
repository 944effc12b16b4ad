import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli, runMain } from '../support/cli.js';
import { readTree as files } from '../support/file-tree.js';

// A GitOps folder laid out like the operator's samples (test/fixtures/operator-layouts): our CRs
// beside ConfigMaps, Deployments, Services, kustomization files, the operator's install class, an
// Agent and a `kubectl get -o yaml` List export. It compiles, the output holds only what our CRs
// imply, and stderr says what was skipped.

const FIXTURE = 'test/fixtures/operator-layouts';
const work = mkdtempSync(join(tmpdir(), 'tool-gateway-layouts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Parsed {
  kind: string;
  metadata: { name: string; namespace?: string } & Record<string, unknown>;
}

/** Every object in the output. */
function parsedObjects(out: Record<string, string>): Parsed[] {
  // The kustomization lists the files; it is no object.
  return Object.entries(out)
    .filter(([path]) => path !== 'kustomization.yaml')
    .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJS() as Parsed));
}

/** `Kind namespace/name` of every object in the output. */
function objectsOf(out: Record<string, string>): string[] {
  return parsedObjects(out)
    .map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)
    .sort();
}

/** The metadata the API server sets, which an export carries and output never may. */
const SERVER_SET = ['managedFields', 'uid', 'resourceVersion', 'creationTimestamp', 'generation', 'selfLink', 'ownerReferences'];

const SKIP_KUSTOMIZE =
  `info: skipped 2 kustomizations in ${FIXTURE}/guardrails/kustomization.yaml, ${FIXTURE}/otel/kustomization.yaml: ` +
  "synth reads the folder's files as written, so kustomize's patches, generators and namespace are not applied; " +
  "to compile kustomize's result, pass the output of `kustomize build` as --input";
const SKIP_OBJECTS =
  'info: skipped 1 Agent (runtime.agentic-layer.ai/v1alpha1), 2 ConfigMap (v1), 2 Deployment (apps/v1) and 2 Service (v1) in 4 files: ' +
  'not intent, so nothing is compiled from them; --strict-input makes them errors';

/** The files the folder's CRs compile to, with the operator's class adopted. */
const ADOPTED_FILES = [
  '_cluster/toolgatewayclass-cdk8s-tool-gateway.yaml',
  '_crds/customresourcedefinition-guardrailproviders.runtime.agentic-layer.ai.yaml',
  '_crds/customresourcedefinition-guards.runtime.agentic-layer.ai.yaml',
  '_crds/customresourcedefinition-toolgatewayclasses.runtime.agentic-layer.ai.yaml',
  '_crds/customresourcedefinition-toolgateways.runtime.agentic-layer.ai.yaml',
  '_crds/customresourcedefinition-toolroutes.runtime.agentic-layer.ai.yaml',
  'guardrail-providers/guardrailprovider-presidio.yaml',
  'kustomization.yaml',
  'tool-gateway/agentgatewayparameters-tools.yaml',
  'tool-gateway/agentgatewaypolicy-tools-guardrail.yaml',
  'tool-gateway/configmap-pii-guard-adapter.yaml',
  'tool-gateway/configmap-tool-gateway-reconciler-bundle.yaml',
  'tool-gateway/configmap-tool-gateway-reconciler-plan.yaml',
  'tool-gateway/deployment-pii-guard-adapter.yaml',
  'tool-gateway/deployment-tool-gateway-reconciler.yaml',
  'tool-gateway/gateway-tools.yaml',
  'tool-gateway/guard-pii-guard.yaml',
  'tool-gateway/networkpolicy-pii-guard-adapter.yaml',
  'tool-gateway/networkpolicy-tool-gateway-reconciler.yaml',
  'tool-gateway/networkpolicy-tools-gateway.yaml',
  'tool-gateway/poddisruptionbudget-tool-gateway-reconciler.yaml',
  'tool-gateway/role-tool-gateway-reconciler-leases.yaml',
  'tool-gateway/role-tool-gateway-reconciler.yaml',
  'tool-gateway/rolebinding-tool-gateway-reconciler-leases.yaml',
  'tool-gateway/rolebinding-tool-gateway-reconciler.yaml',
  'tool-gateway/service-pii-guard-adapter.yaml',
  'tool-gateway/serviceaccount-tool-gateway-reconciler.yaml',
  'tool-gateway/toolgateway-tools.yaml',
  'tools/agentgatewaybackend-tools-echo.yaml',
  'tools/agentgatewaybackend-tools-weather.yaml',
  'tools/deployment-echo.yaml',
  'tools/deployment-weather.yaml',
  'tools/httproute-tools-echo.yaml',
  'tools/httproute-tools-weather.yaml',
  'tools/networkpolicy-echo-tool-server.yaml',
  'tools/networkpolicy-weather-tool-server.yaml',
  'tools/role-tool-gateway-reconciler.yaml',
  'tools/rolebinding-tool-gateway-reconciler.yaml',
  'tools/service-echo.yaml',
  'tools/service-weather.yaml',
  'tools/toolroute-echo.yaml',
  'tools/toolroute-weather.yaml',
];

describe('operator layouts |', () => {
  test('the mixed folder compiles with the class adopted; output holds only what our CRs imply; stderr lists the skips', () => {
    const out = join(work, 'adopted');
    const r = runCli(['synth', '--input', FIXTURE, '--out', out, '--adopt-class', 'agentgateway']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toStrictEqual([SKIP_KUSTOMIZE, SKIP_OBJECTS]);
    expect(r.stderr).not.toMatch(/undefined/);
    const written = files(out);
    expect(Object.keys(written)).toStrictEqual(ADOPTED_FILES);
    const objects = objectsOf(written);
    // Nothing of the skipped objects is copied: their names appear in no object of the output.
    for (const skipped of [
      'Deployment guardrail-providers/presidio',
      'Service guardrail-providers/presidio',
      'ConfigMap tools/weather-config',
    ]) {
      expect(objects).not.toContain(skipped);
    }
    expect(
      objects.filter((o) => /^(Agent|Kustomization) /.test(o) || o.includes('otel-collector') || o.includes('kube-root-ca')),
    ).toStrictEqual([]);
    // The operator's class is read, never written; ours is written once.
    expect(objects.filter((o) => o.startsWith('ToolGatewayClass '))).toStrictEqual(['ToolGatewayClass /cdk8s-tool-gateway']);
    // What the export carries from the cluster reaches no file, and no object has a server-set field.
    for (const [file, text] of Object.entries(written)) {
      expect(text, file).not.toMatch(/last-applied-configuration|managedFields|7d1f04a2|482913|2026-11-02/);
    }
    for (const o of parsedObjects(written)) {
      const label = `${o.kind} ${o.metadata.name}`;
      expect(
        Object.keys(o.metadata).filter((k) => SERVER_SET.includes(k)),
        label,
      ).toStrictEqual([]);
      expect('status' in o, label).toBe(false);
    }
    // The exported route's own annotation does, on its status carrier.
    expect(written['tools/toolroute-weather.yaml']).toContain('team.example.com/owner: weather-team');
  }, 60_000);

  test("without --adopt-class, the operator's default class keeps the gateway and its routes out, with a note", async () => {
    const out = join(work, 'not-adopted');
    const r = await runMain(['synth', '--input', FIXTURE, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toStrictEqual([SKIP_KUSTOMIZE, SKIP_OBJECTS]);
    expect(lines[2]).toBe(
      `${FIXTURE}/guardrails/toolgateway.yaml:30: info: ToolGateway tool-gateway/tools: spec.toolGatewayClassName: names no class, and the default class in the input is "agentgateway" of controller "runtime.agentic-layer.ai/tool-gateway-agentgateway-controller", so it is not compiled, nor are its routes; to compile it here instead (and stop that controller), adopt the class: --adopt-class agentgateway (adoptToolGatewayClasses in TypeScript)`,
    );
    expect(lines.slice(3).map((l) => l.replace(/: spec\.toolGatewayRef: .*/, ''))).toStrictEqual([
      `${FIXTURE}/guardrails/toolgateway.yaml:55: info: ToolRoute tools/echo`,
      `${FIXTURE}/export/toolroutes.yaml:7: info: ToolRoute tools/weather`,
    ]);
    const written = Object.keys(files(out));
    expect(written.filter((f) => /gateway-tools|httproute|agentgatewaybackend/.test(f))).toStrictEqual([]);
    expect(written).toContain('tools/deployment-weather.yaml');
  });

  test('--strict-input refuses each object that is not intent at its file and line, and writes nothing', async () => {
    const out = join(work, 'strict');
    const r = await runMain(['synth', '--input', FIXTURE, '--out', out, '--strict-input']);
    expect(r.code).toBe(1);
    const refusal = (kind: string, apiVersion: string) =>
      `is not intent (kind ${kind} of ${apiVersion}), and --strict-input refuses what is not intent; remove it from the input or drop --strict-input`;
    const kustomization =
      'is a kustomization file, not intent, and --strict-input refuses it; pass the intent files or the output of `kustomize build`';
    expect(r.stderr.trimEnd().split('\n')).toStrictEqual([
      `${FIXTURE}/guardrails/kustomization.yaml: error: ${kustomization}`,
      `${FIXTURE}/otel/kustomization.yaml: error: ${kustomization}`,
      `${FIXTURE}/export/toolroutes.yaml:40: error: ConfigMap tools/kube-root-ca.crt: ${refusal('ConfigMap', 'v1')}`,
      `${FIXTURE}/guardrails/presidio.yaml:6: error: Deployment guardrail-providers/presidio: ${refusal('Deployment', 'apps/v1')}`,
      `${FIXTURE}/guardrails/presidio.yaml:27: error: Service guardrail-providers/presidio: ${refusal('Service', 'v1')}`,
      `${FIXTURE}/otel/otel.yaml:6: error: Deployment observability/otel-collector: ${refusal('Deployment', 'apps/v1')}`,
      `${FIXTURE}/otel/otel.yaml:24: error: Service observability/otel-collector: ${refusal('Service', 'v1')}`,
      `${FIXTURE}/with-toolserver/toolserver.yaml:12: error: ConfigMap tools/weather-config: ${refusal('ConfigMap', 'v1')}`,
      `${FIXTURE}/with-toolserver/toolserver.yaml:32: error: Agent tools/assistant: ${refusal('Agent', 'runtime.agentic-layer.ai/v1alpha1')}`,
      '9 error(s); nothing was written',
    ]);
    expect(() => statSync(out)).toThrow();
  });

  test('an unknown kind of our group in the folder is an error naming the object, file and line', async () => {
    const dir = join(work, 'gadget');
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(
      join(dir, 'gadget.yaml'),
      '# a typo of the group\napiVersion: runtime.agentic-layer.ai/v1alpha1\nkind: ToolRoutes\nmetadata: {name: g, namespace: tools}\n',
    );
    const r = await runMain(['synth', '--input', dir, '--out', join(work, 'never'), '--adopt-class', 'agentgateway']);
    expect(r.code).toBe(1);
    const shown = relative(process.cwd(), join(dir, 'gadget.yaml'));
    expect(r.stderr).toContain(
      `${shown}:3: error: ToolRoutes tools/g: unknown kind "ToolRoutes" of runtime.agentic-layer.ai (did you mean ToolRoute?): `,
    );
  });

  test('an input class named like ours is read, and ours is still written once', async () => {
    const dir = join(work, 'own-class');
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(
      join(dir, 'install', 'ours.yaml'),
      'apiVersion: runtime.agentic-layer.ai/v1alpha1\nkind: ToolGatewayClass\nmetadata: {name: cdk8s-tool-gateway}\nspec: {controller: runtime.agentic-layer.ai/cdk8s-tool-gateway}\n',
    );
    const out = join(work, 'own-class-out');
    const r = await runMain(['synth', '--input', dir, '--out', out, '--adopt-class', 'agentgateway']);
    expect(r.code, r.stderr).toBe(0);
    expect(objectsOf(files(out)).filter((o) => o.startsWith('ToolGatewayClass '))).toStrictEqual(['ToolGatewayClass /cdk8s-tool-gateway']);
  });

  test('a folder of GuardrailProviders alone exits 0 and says that nothing compiles', async () => {
    const dir = join(work, 'providers');
    cpSync(join(FIXTURE, 'guardrails', 'presidio.yaml'), join(dir, 'presidio.yaml'));
    writeFileSync(
      join(dir, 'providers.yaml'),
      [0, 1, 2]
        .map(
          (i) =>
            `apiVersion: runtime.agentic-layer.ai/v1alpha1\nkind: GuardrailProvider\nmetadata: {name: p${i}, namespace: guardrail-providers}\nspec: {type: presidio-api, presidio: {baseUrl: "http://presidio.guardrail-providers:80"}}\n`,
        )
        .join('---\n'),
    );
    const r = await runMain(['synth', '--input', dir, '--out', join(work, 'providers-out')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toStrictEqual([
      expect.stringMatching(/^info: skipped 1 Deployment \(apps\/v1\) and 1 Service \(v1\) in .*presidio\.yaml: not intent/),
      'info: read 3 GuardrailProviders but nothing compiles: no ToolGateway, ToolRoute or ToolServer: Guards and GuardrailProviders compile only for the gateways and routes that use them',
    ]);
  });
});
