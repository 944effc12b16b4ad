import { readdirSync, readFileSync } from 'node:fs';
import { celEnv, isCelError, parse as parseCel, plan } from '@bufbuild/cel';
import { lauxlib, lua, lualib, to_jsstring, to_luastring } from 'fengari';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { packageFile } from '../../src/contracts/package-files.js';
import { luaHealthChecks, renderArgocdCm, SNIPPET_FILES } from '../../scripts/update-health.mjs';

type Health = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended';
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A JSON value as a Lua expression. Numbers become floats, as gopher-lua (Argo CD's VM) has no integers. */
function toLua(v: Json): string {
  if (v === null) return 'nil';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}.0` : String(v);
  if (typeof v === 'string') return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  if (Array.isArray(v)) return `{${v.map(toLua).join(', ')}}`;
  return `{${Object.entries(v)
    .map(([k, x]) => `[${toLua(k)}] = ${toLua(x)}`)
    .join(', ')}}`;
}

/** Runs a health script as Argo CD does: global `obj`, the script's returned table. */
function runLua(script: string, obj: Json): { status: string; message: string } {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  const chunk = `obj = ${toLua(obj)}\nlocal hs = (function()\n${script}\nend)()\nreturn hs.status, hs.message`;
  const rc = lauxlib.luaL_dostring(L, to_luastring(chunk));
  if (rc !== lua.LUA_OK) throw new Error(to_jsstring(lua.lua_tostring(L, -1)));
  const status = to_jsstring(lua.lua_tostring(L, -2));
  const message = lua.lua_isstring(L, -1) ? to_jsstring(lua.lua_tostring(L, -1)) : '';
  return { status, message };
}

const GEN = 3;
const cond = (type: string, status: string, reason: string, message: string, observedGeneration = GEN): Json => ({
  type,
  status,
  reason,
  message,
  observedGeneration,
  lastTransitionTime: '2026-01-01T00:00:00Z',
});
const object = (apiVersion: string, kind: string, status?: Json): Json => ({
  apiVersion,
  kind,
  metadata: { name: 'x', namespace: 'team-a', generation: GEN },
  spec: {},
  ...(status === undefined ? {} : { status }),
});

interface Case {
  readonly state: string;
  readonly status?: Json;
  readonly health: Health;
  /** A fragment the message must contain. */
  readonly message?: string;
}

const RT = 'runtime.agentic-layer.ai/v1alpha1';
const AGW = 'agentgateway.dev/v1alpha1';

const carrierCases = (notReady: string): Case[] => [
  { state: 'no status yet', health: 'Progressing', message: 'reconciler' },
  { state: 'status without conditions', status: { observedGeneration: GEN }, health: 'Progressing' },
  {
    state: 'status for an older generation',
    status: { observedGeneration: GEN - 1, conditions: [cond('Ready', 'True', 'Ready', 'fine', GEN - 1)] },
    health: 'Progressing',
    message: `generation ${GEN}`,
  },
  {
    state: 'a Ready condition for an older generation',
    status: { observedGeneration: GEN, conditions: [cond('Ready', 'True', 'Ready', 'fine', GEN - 1)] },
    health: 'Progressing',
  },
  {
    state: 'no Ready condition',
    status: { observedGeneration: GEN, conditions: [cond('Other', 'True', 'X', 'y')] },
    health: 'Progressing',
  },
  {
    state: 'Ready Unknown',
    status: { observedGeneration: GEN, conditions: [cond('Ready', 'Unknown', 'Probing', 'opening an MCP session')] },
    health: 'Progressing',
    message: 'Probing: opening an MCP session',
  },
  {
    state: 'Ready True',
    status: { observedGeneration: GEN, conditions: [cond('Ready', 'True', 'Ready', 'ready at http://gw/mcp; 4 tools')] },
    health: 'Healthy',
    message: '4 tools',
  },
  {
    state: 'Ready False',
    status: { observedGeneration: GEN, conditions: [cond('Ready', 'False', notReady, 'Gateway tool-gateway/shared does not exist')] },
    health: 'Degraded',
    message: `${notReady}: Gateway tool-gateway/shared does not exist`,
  },
];

const policyAncestor = (accepted: Json, attached?: Json): Json => ({
  ancestorRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'tool-gateway', name: 'shared' },
  controllerName: 'agentgateway.dev/agentgateway',
  conditions: attached ? [accepted, attached] : [accepted],
});

const CASES: Record<string, { apiVersion: string; cases: Case[] }> = {
  ToolGateway: { apiVersion: RT, cases: carrierCases('GatewayNotReady') },
  ToolRoute: { apiVersion: RT, cases: carrierCases('McpUnreachable') },
  Guard: {
    apiVersion: RT,
    cases: [
      ...carrierCases('AdapterUnavailable'),
      {
        state: 'unused',
        status: { observedGeneration: GEN, conditions: [cond('Ready', 'False', 'Unused', 'no ToolGateway or ToolRoute uses this Guard')] },
        health: 'Suspended',
        message: 'Unused',
      },
    ],
  },
  GuardrailProvider: {
    apiVersion: RT,
    cases: [
      // Nothing writes its status: no status is the steady state.
      { state: 'no status', health: 'Healthy', message: 'No status' },
      ...carrierCases('ProviderUnavailable').filter((c) => c.status !== undefined && c.state !== 'status without conditions'),
    ],
  },
  AgentgatewayBackend: {
    apiVersion: AGW,
    cases: [
      { state: 'no status yet', health: 'Progressing', message: 'accept' },
      {
        state: 'accepted for an older generation',
        status: { conditions: [cond('Accepted', 'True', 'Accepted', 'Backend successfully accepted', GEN - 1)] },
        health: 'Progressing',
        message: `generation ${GEN}`,
      },
      {
        state: 'accepted',
        status: { conditions: [cond('Accepted', 'True', 'Accepted', 'Backend successfully accepted')] },
        health: 'Healthy',
        message: 'Backend successfully accepted',
      },
      {
        state: 'translation error',
        status: { conditions: [cond('Accepted', 'False', 'TranslationError', 'failed to translate backend: no host')] },
        health: 'Degraded',
        message: 'TranslationError: failed to translate backend: no host',
      },
    ],
  },
  AgentgatewayPolicy: {
    apiVersion: AGW,
    cases: [
      { state: 'no status yet', health: 'Progressing', message: 'attach' },
      { state: 'no ancestors', status: { ancestors: [] }, health: 'Progressing', message: 'attach' },
      {
        state: 'accepted for an older generation',
        status: { ancestors: [policyAncestor(cond('Accepted', 'True', 'Valid', 'Policy accepted', GEN - 1))] },
        health: 'Progressing',
        message: 'current generation',
      },
      {
        state: 'not attached',
        status: {
          ancestors: [
            policyAncestor(
              cond('Accepted', 'True', 'Valid', 'Policy accepted'),
              cond('Attached', 'False', 'Pending', 'Policy is not attached: HTTPRoute team-a/x not found'),
            ),
          ],
        },
        health: 'Progressing',
        message: 'Gateway tool-gateway/shared: Pending: Policy is not attached',
      },
      {
        state: 'invalid',
        status: {
          ancestors: [
            policyAncestor(
              cond('Accepted', 'False', 'Invalid', 'bad CEL'),
              cond('Attached', 'False', 'Pending', 'Policy is not attached due to invalid status'),
            ),
          ],
        },
        health: 'Degraded',
        message: 'Gateway tool-gateway/shared: Invalid: bad CEL',
      },
      {
        state: 'partially valid',
        status: { ancestors: [policyAncestor(cond('Accepted', 'True', 'PartiallyValid', 'mcp authorization: bad rule'))] },
        health: 'Degraded',
        message: 'PartiallyValid: mcp authorization: bad rule',
      },
      {
        state: 'accepted and attached',
        status: {
          ancestors: [
            policyAncestor(
              cond('Accepted', 'True', 'Valid', 'Policy accepted'),
              cond('Attached', 'True', 'Attached', 'Attached to all targets'),
            ),
          ],
        },
        health: 'Healthy',
      },
    ],
  },
  AgentgatewayParameters: {
    apiVersion: AGW,
    cases: [
      { state: 'no status', health: 'Healthy', message: 'no status' },
      { state: 'empty status', status: {}, health: 'Healthy' },
    ],
  },
};

const luaFor = (apiVersion: string, kind: string): string => {
  const group = apiVersion.split('/')[0];
  return readFileSync(packageFile(`health/argocd/${group}_${kind}.lua`), 'utf8');
};

describe('Argo CD Lua health checks |', () => {
  test('there is one script per kind with cases, and no other', () => {
    const expected = Object.entries(CASES)
      .map(([kind, { apiVersion }]) => `${apiVersion.split('/')[0]}_${kind}.lua`)
      .sort();
    expect(luaHealthChecks().map((c: { file: string }) => c.file)).toStrictEqual(expected);
  });

  for (const [kind, { apiVersion, cases }] of Object.entries(CASES)) {
    for (const c of cases) {
      test(`${kind}: ${c.state} is ${c.health}`, () => {
        const result = runLua(luaFor(apiVersion, kind), object(apiVersion, kind, c.status));
        expect(result.status).toBe(c.health);
        if (c.message) expect(result.message).toContain(c.message);
      });
    }
  }

  test('the scripts stay within Lua 5.1 (gopher-lua): no goto, integer division or bit operators', () => {
    for (const { file, lua: script } of luaHealthChecks() as { file: string; lua: string }[]) {
      const code = script.replace(/--.*$/gm, '').replace(/"[^"\n]*"/g, '""');
      expect(code, file).not.toMatch(/\bgoto\b|\/\/|<<|>>|[&|]|~(?!=)/);
    }
  });

  test('the argocd-cm snippets are exactly the scripts, keyed resource.customizations.health.<group>_<Kind>', () => {
    const rendered = renderArgocdCm();
    const checks = luaHealthChecks() as { key: string; lua: string }[];
    for (const f of SNIPPET_FILES) {
      const text = readFileSync(packageFile(f), 'utf8');
      expect(text, `${f} is stale: run node scripts/update-health.mjs`).toBe(rendered);
      const cm = parseYaml(text) as { kind: string; metadata: { name: string }; data: Record<string, string> };
      expect(cm.kind).toBe('ConfigMap');
      expect(cm.metadata.name).toBe('argocd-cm');
      expect(cm.data).toStrictEqual(Object.fromEntries(checks.map((c) => [c.key, c.lua])));
    }
  });
});

interface HealthExpr {
  apiVersion: string;
  kind: string;
  current: string;
  failed?: string;
  inProgress?: string;
}

const exprs = parseYaml(readFileSync(packageFile('health/flux/health-check-exprs.yaml'), 'utf8')) as HealthExpr[];

/** True only when the expression evaluates to true; an error (a missing field) is what Flux waits on. */
function holds(expr: string | undefined, obj: Json): boolean {
  if (expr === undefined) return false;
  const evaluate = plan(celEnv(), parseCel(expr));
  const result = evaluate(obj as Parameters<typeof evaluate>[0]);
  return !isCelError(result) && result === true;
}

const FLUX_OF: Record<Health, string> = { Healthy: 'Current', Suspended: 'Current', Progressing: 'InProgress', Degraded: 'Failed' };

describe('Flux healthCheckExprs |', () => {
  test('cover the kinds whose status is written, and no others', () => {
    expect(exprs.map((e) => e.kind).sort()).toStrictEqual([
      'AgentgatewayBackend',
      'AgentgatewayPolicy',
      'Guard',
      'ToolGateway',
      'ToolRoute',
    ]);
  });

  for (const e of exprs) {
    const { apiVersion, cases } = CASES[e.kind]!;
    test(`${e.kind} (${e.apiVersion}) agrees with the Lua check in every state`, () => {
      expect(e.apiVersion).toBe(apiVersion);
      for (const c of cases) {
        const obj = object(apiVersion, e.kind, c.status);
        const current = holds(e.current, obj);
        const failed = holds(e.failed, obj);
        // Disjoint, so Flux's evaluation order cannot change the verdict.
        expect(current && failed, c.state).toBe(false);
        const flux = failed ? 'Failed' : current ? 'Current' : 'InProgress';
        expect(flux, c.state).toBe(FLUX_OF[runLua(luaFor(apiVersion, e.kind), obj).status as Health]);
        expect(flux, c.state).toBe(FLUX_OF[c.health]);
      }
    });
  }
});

describe('the GitOps examples |', () => {
  const yamlDocs = (path: string) => {
    const docs = parseAllDocuments(readFileSync(packageFile(path), 'utf8'));
    for (const d of docs) expect(d.errors, path).toStrictEqual([]);
    return docs.map((d) => d.toJS() as Record<string, unknown>);
  };

  test('every example file is valid YAML', () => {
    for (const dir of ['examples/argocd', 'examples/flux'])
      for (const f of readdirSync(packageFile(dir))) expect(yamlDocs(`${dir}/${f}`).length).toBeGreaterThan(0);
  });

  test('the Flux Kustomization embeds exactly the health expressions', () => {
    const [ks] = yamlDocs('examples/flux/kustomization.yaml') as { apiVersion: string; kind: string; spec: Record<string, unknown> }[];
    expect(ks!.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
    expect(ks!.kind).toBe('Kustomization');
    expect(ks!.spec.wait).toBe(true);
    expect(ks!.spec.healthCheckExprs).toStrictEqual(exprs);
  });

  test('the Argo CD Application uses only known sync options and needs no server-side apply', () => {
    const [app] = yamlDocs('examples/argocd/application.yaml') as {
      apiVersion: string;
      kind: string;
      spec: { destination: { server: string }; source: { path: string }; syncPolicy: { syncOptions: string[] } };
    }[];
    expect(app!.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(app!.kind).toBe('Application');
    expect(app!.spec.source.path).toBe('dist');
    expect(app!.spec.syncPolicy.syncOptions).toStrictEqual(['CreateNamespace=false', 'PruneLast=true', 'FailOnSharedResource=true']);
  });
});
