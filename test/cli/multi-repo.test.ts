import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runMain as run } from '../support/cli.js';
import { readTree as files } from '../support/file-tree.js';

// Issue #14, "Multi-repo estates": the platform team's repository holds the gateway, an app
// team's repository only routes and a tool server. The app team compiles its folder with the
// gateway imported (through --import, or as an annotated copy) and gets its backends, HTTPRoutes
// and policies, but nothing of the gateway's own.

const FIXTURES = 'test/fixtures/multi-repo';
const PLATFORM = `${FIXTURES}/platform`;
const APP = `${FIXTURES}/app-team`;
const work = mkdtempSync(join(tmpdir(), 'tool-gateway-multi-repo-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Obj {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

function objects(dir: string): Obj[] {
  return Object.values(files(dir)).flatMap((text) => parseAllDocuments(text).map((d) => d.toJS() as Obj));
}

async function synth(name: string, args: readonly string[]) {
  const out = join(work, name);
  const r = await run(['synth', ...args, '--out', out]);
  return { ...r, out };
}

describe('tool-gateway synth | multi-repo estates', () => {
  test('a routes-only folder plus --import of the platform folder compiles to backends, HTTPRoutes and policies, and nothing of the gateway', async () => {
    const r = await synth('imported', ['--input', APP, '--import', PLATFORM]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const all = objects(r.out);
    // Nothing the gateway's owner emits: no Gateway, parameters, NetworkPolicy or status carrier.
    expect(all.filter((o) => ['Gateway', 'AgentgatewayParameters', 'ToolGateway'].includes(o.kind))).toStrictEqual([]);
    expect(all.filter((o) => o.kind === 'NetworkPolicy').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toStrictEqual([
      'team-a/weather-tool-server',
      'tool-gateway/tool-gateway-reconciler',
    ]);
    // The routes' own objects, attached to the imported gateway.
    const routes = all.filter((o) => o.kind === 'HTTPRoute');
    expect(routes.map((o) => [o.metadata.namespace, o.metadata.name, o.spec?.parentRefs])).toStrictEqual(
      ['github', 'weather'].map((route) => [
        'team-a',
        `shared-${route}`,
        [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shared', namespace: 'tool-gateway' }],
      ]),
    );
    expect(all.filter((o) => o.kind === 'AgentgatewayBackend').map((o) => o.metadata.name)).toStrictEqual([
      'shared-github',
      'shared-weather',
    ]);
    expect(all.filter((o) => o.kind === 'AgentgatewayPolicy').map((o) => o.metadata.name)).toStrictEqual(['shared-weather-toolfilter']);
    expect(all.filter((o) => o.kind === 'ToolRoute').map((o) => o.metadata.name)).toStrictEqual(['github', 'weather']);
    // The tool server admits the imported gateway's proxy pods.
    const serverPolicy = readFileSync(join(r.out, 'team-a/networkpolicy-weather-tool-server.yaml'), 'utf8');
    expect(serverPolicy).toContain('kubernetes.io/metadata.name: tool-gateway');
    expect(serverPolicy).toContain('gateway.networking.k8s.io/gateway-name: shared');
    // The reconciler writes no gateway's status, and watches the foreign Gateway without our label.
    const plan = all.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'tool-gateway-reconciler-plan');
    const planJson = JSON.parse(Object.values(plan?.data ?? {})[0] ?? '{}') as {
      gateways: unknown[];
      routes: { gateway: unknown }[];
      namespaces: { name: string; watches: { kind: string; labelSelector?: string }[] }[];
    };
    expect(planJson.gateways).toStrictEqual([]);
    expect(planJson.routes.map((x) => x.gateway)).toStrictEqual([
      { namespace: 'tool-gateway', name: 'shared' },
      { namespace: 'tool-gateway', name: 'shared' },
    ]);
    const gatewayWatch = planJson.namespaces.find((n) => n.name === 'tool-gateway')?.watches.find((w) => w.kind === 'Gateway');
    expect(gatewayWatch).toBeDefined();
    expect(gatewayWatch?.labelSelector).toBeUndefined();
  });

  test('an annotated copy of the gateway document in the app folder gives byte-identical output', async () => {
    const imported = await synth('imported-again', ['--input', APP, '--import', PLATFORM]);
    const copied = await synth('annotated-copy', ['--input', APP, '--input', `${FIXTURES}/app-team-vendored`]);
    expect(copied.code, copied.stderr).toBe(0);
    expect(files(copied.out)).toStrictEqual(files(imported.out));
  });

  test("a route from a namespace the gateway's allowedRoutes refuses is an error naming the gateway's rule", async () => {
    for (const [name, args] of [
      ['refused-import', ['--import', PLATFORM]],
      ['refused-copy', ['--input', `${FIXTURES}/app-team-vendored`]],
    ] as const) {
      const r = await synth(name, ['--input', APP, '--input', `${FIXTURES}/app-team-refused`, ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toStrictEqual([
        'test/fixtures/multi-repo/app-team-refused/team-b.yaml:7: error: ToolRoute team-b/docs: spec.toolGatewayRef: ToolGateway tool-gateway/shared does not admit routes from namespace team-b: namespace team-b does not match allowedRoutes.namespaces.selector; its owner must allow it in spec.allowedRoutes',
        '1 error(s); nothing was written',
      ]);
      expect(existsSync(r.out)).toBe(false);
    }
  });

  test('without the import, each route says exactly how to import the gateway', async () => {
    const r = await synth('missing', ['--input', APP]);
    expect(r.code).toBe(1);
    const hint =
      'ToolGateway tool-gateway/shared is not defined in this input; define it, or if another pipeline owns it, add the owner\'s ToolGateway document annotated cdk8s-tool-gateway/imported: "true" (or pass its folder with --import)';
    expect(r.stderr.trim().split('\n')).toStrictEqual([
      `test/fixtures/multi-repo/app-team/team-a.yaml:33: error: ToolRoute team-a/github: spec.toolGatewayRef: ${hint}`,
      `test/fixtures/multi-repo/app-team/team-a.yaml:18: error: ToolRoute team-a/weather: spec.toolGatewayRef: ${hint}`,
      '2 error(s); nothing was written',
    ]);
  });

  test('the platform folder given as both input and import compiles the gateway, with a warning', async () => {
    const r = await synth('both', ['--input', APP, '--input', PLATFORM, '--import', PLATFORM]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim()).toBe(
      'test/fixtures/multi-repo/platform/gateway.yaml:7: warning: ToolGateway tool-gateway/shared: is defined here and imported too (at test/fixtures/multi-repo/platform/gateway.yaml:7); this definition is compiled and the import is ignored',
    );
    expect(objects(r.out).filter((o) => o.kind === 'Gateway')).toHaveLength(1);
  });

  test('--out may not lie inside an --import folder', async () => {
    const r = await run(['synth', '--input', APP, '--import', PLATFORM, '--out', `${PLATFORM}/out`]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'error: --out "test/fixtures/multi-repo/platform/out" is inside --import "test/fixtures/multi-repo/platform"; the next run would read the output as input, so write it elsewhere; nothing was written',
    );
    expect(existsSync(`${PLATFORM}/out`)).toBe(false);
  });

  test('a missing --import path is one error naming it', async () => {
    const r = await synth('no-import', ['--input', APP, '--import', `${FIXTURES}/nope`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: import "test\/fixtures\/multi-repo\/nope" /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
