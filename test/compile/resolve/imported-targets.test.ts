import { describe, expect, it } from 'vitest';
import { compileEstate } from '../../../src/compile/compile-estate.js';
import type { CompileOptions } from '../../../src/compile/compile-options.js';
import { importedTargets } from '../../../src/compile/resolve/imported-targets.js';
import type { Manifest } from '../../../src/contracts/manifest.js';
import type { Problem } from '../../../src/contracts/problem.js';
import { parseIntentDocument } from '../../../src/intent/parse-intent.js';
import { separateImports } from '../../../src/intent/separate-imports.js';
import { findManifest, identities, withoutRuntime } from '../../support/compile-fixtures.js';
import {
  guard,
  namespaceDoc,
  presidioProvider,
  routeToServer,
  routeToUrl,
  toolGateway,
  toolServer,
  type Doc,
} from '../../support/intent-fixtures.js';
import { TEST_RUNTIME_ASSETS } from '../../support/runtime-assets.js';

/** Compiles `local` with `imports` read as another pipeline's documents, as synth --import does. */
function compileWith(local: readonly Doc[], imports: readonly Doc[], options?: CompileOptions) {
  const problems: Problem[] = [];
  const parse = (docs: readonly Doc[], file: string) => docs.map((d, i) => parseIntentDocument(d, { file, line: i + 1 }, problems));
  const { estate, imported } = separateImports(parse(local, 'app.yaml'), parse(imports, 'platform.yaml'), problems);
  const compiled = compileEstate({
    estate,
    ...importedTargets(imported),
    frontDoor: 'yaml',
    options,
    runtimeAssets: TEST_RUNTIME_ASSETS,
  });
  const all = [...problems, ...compiled.problems];
  return { manifests: compiled.objects.map((o) => o.manifest), problems: all, errors: all.filter((p) => p.severity === 'error') };
}

const URL = 'https://mcp.example.com/mcp';
const ON_SHARED = { toolGatewayRef: { name: 'shared', namespace: 'tool-gateway' } };

describe('imported ToolGateway documents', () => {
  it('compiles the routes attached to it and nothing of the gateway itself', () => {
    const { manifests, errors } = compileWith([routeToUrl('team-a', 'r', URL, ON_SHARED)], [toolGateway('tool-gateway', 'shared')]);
    expect(errors).toStrictEqual([]);
    expect(identities(withoutRuntime(manifests))).toStrictEqual(['AgentgatewayBackend team-a/shared-r', 'HTTPRoute team-a/shared-r']);
    // Its status is its owner's reconciler's to write: no carrier, no plan entry.
    expect(manifests.filter((m) => m.kind === 'ToolGateway')).toStrictEqual([]);
    const plan = findManifest(manifests, 'ConfigMap', 'tool-gateway', 'tool-gateway-reconciler-plan');
    const json = JSON.parse(Object.values((plan as unknown as { data: Record<string, string> }).data)[0] ?? '{}') as {
      gateways: unknown[];
    };
    expect(json.gateways).toStrictEqual([]);
  });

  it('is the default gateway of routes without toolGatewayRef when it is the only one in tool-gateway', () => {
    const { manifests, errors } = compileWith([routeToUrl('team-a', 'r', URL)], [toolGateway('tool-gateway', 'shared')]);
    expect(errors).toStrictEqual([]);
    expect(identities(withoutRuntime(manifests))).toContain('HTTPRoute team-a/shared-r');
  });

  it('enforces its allowedRoutes', () => {
    const { errors } = compileWith(
      [routeToUrl('team-a', 'r', URL, ON_SHARED)],
      [toolGateway('tool-gateway', 'shared', { allowedRoutes: { namespaces: { from: 'Same' } } })],
    );
    expect(errors.map((p) => [p.object, p.field, p.message, p.origin])).toStrictEqual([
      [
        { kind: 'ToolRoute', namespace: 'team-a', name: 'r' },
        'spec.toolGatewayRef',
        'ToolGateway tool-gateway/shared does not admit routes from namespace team-a: its allowedRoutes admits only its own namespace (from: Same); its owner must allow it in spec.allowedRoutes',
        { file: 'app.yaml', line: 1 },
      ],
    ]);
  });

  it('in production mode, refuses routes when the document shows no client authentication, and accepts them when it does', () => {
    const route = routeToUrl('team-a', 'r', URL, { ...ON_SHARED, toolFilter: { allow: ['get_weather'] } });
    const authMessages = (gatewaySpec: Doc) =>
      compileWith([route], [toolGateway('tool-gateway', 'shared', gatewaySpec)], { productionMode: true }).errors.filter(
        (p) => p.field === 'spec.toolGatewayRef',
      );
    expect(authMessages({}).map((p) => p.message)).toStrictEqual([
      'production mode (the app-wide default; set spec.productionMode: false to opt this route out) requires client authentication on the gateway, but ToolGateway tool-gateway/shared has none; set its spec.authentication.jwt so only clients with a valid token reach this route',
    ]);
    const jwt = {
      authentication: { jwt: { issuer: 'https://idp.example.com', audiences: ['agents'], jwks: { uri: 'https://idp.example.com/jwks' } } },
    };
    const accepted = compileWith([route], [toolGateway('tool-gateway', 'shared', jwt)], { productionMode: true });
    // Only the route's own production rule (upstream credentials) is left.
    expect(accepted.errors.map((p) => p.field)).toStrictEqual(['spec.upstream.auth']);
  });

  it('refuses a route guard that replaces the imported gateway guard: its owner compiles that guard', () => {
    const { errors } = compileWith(
      [
        routeToUrl('team-a', 'r', URL, {
          ...ON_SHARED,
          guardrails: [{ name: 'pii', namespace: 'guards' }],
          guardrailPolicy: { mode: 'Replace' },
        }),
      ],
      [
        toolGateway('tool-gateway', 'shared', {
          guardrails: [{ name: 'pii', namespace: 'guards' }],
          guardrailPolicy: { routeOverride: 'Allow' },
        }),
        guard('guards', 'pii', { allowedNamespaces: { from: 'All' } }),
      ],
    );
    expect(errors.map((p) => p.field)).toStrictEqual(['spec.guardrailPolicy.mode']);
    expect(errors[0]?.message).toContain('is owned by another pipeline');
  });
});

describe('imported ToolServer documents', () => {
  it('route to them with their port, path and transport, emitting no workload', () => {
    const { manifests, errors } = compileWith(
      [toolGateway('tool-gateway', 'shared'), routeToServer('team-a', 'r', 'db', {}, 'data'), namespaceDoc('team-a', { data: 'ok' })],
      [
        toolServer('data', 'db', {
          port: 9000,
          path: '/rpc',
          transportType: 'sse',
          allowedNamespaces: { from: 'Selector', selector: { matchLabels: { data: 'ok' } } },
        }),
      ],
    );
    expect(errors).toStrictEqual([]);
    expect(manifests.filter((m) => m.metadata.namespace === 'data')).toStrictEqual([]);
    const backend = findManifest(manifests, 'AgentgatewayBackend', 'team-a', 'shared-r') as Manifest & { spec: unknown };
    expect(JSON.stringify(backend.spec)).toContain('"host":"db.data.svc.cluster.local","port":9000');
    expect(JSON.stringify(backend.spec)).toContain('"path":"/rpc"');
    expect(JSON.stringify(backend.spec)).toContain('"protocol":"SSE"');
  });

  it('honour their allowedNamespaces', () => {
    const { errors } = compileWith(
      [toolGateway('tool-gateway', 'shared'), routeToServer('team-a', 'r', 'db', {}, 'data')],
      [toolServer('data', 'db')],
    );
    expect(errors.map((p) => [p.field, p.message])).toStrictEqual([
      [
        'spec.upstream.toolServerRef',
        'ToolServer data/db does not admit routes from namespace team-a: allowedNamespaces admits only its own namespace (from: Same, the default); its owner must allow it in spec.allowedNamespaces',
      ],
    ]);
  });
});

describe('imported Guard and GuardrailProvider documents', () => {
  const sharedGuard = guard('guards', 'pii', { allowedNamespaces: { from: 'All' }, failureMode: 'FailOpen' });
  const gatewayWithGuard = toolGateway('tool-gateway', 'tg', { guardrails: [{ name: 'pii', namespace: 'guards' }] });

  it("attach the owner's adapter Service to a gateway here, emitting nothing for the Guard", () => {
    const { manifests, errors } = compileWith([gatewayWithGuard], [sharedGuard]);
    expect(errors).toStrictEqual([]);
    expect(identities(withoutRuntime(manifests))).toStrictEqual([
      'Gateway tool-gateway/tg',
      'AgentgatewayParameters tool-gateway/tg',
      'AgentgatewayPolicy tool-gateway/tg-guardrail',
      'NetworkPolicy tool-gateway/tg-gateway',
    ]);
    const policy = findManifest(manifests, 'AgentgatewayPolicy', 'tool-gateway', 'tg-guardrail') as Manifest & {
      spec: { traffic: { extProc: unknown } };
    };
    expect(policy.spec.traffic.extProc).toStrictEqual({
      backendRef: { name: 'pii-adapter', namespace: 'guards', port: 80 },
      failureMode: 'FailOpen',
    });
    // The gateway's proxy may still reach the adapter.
    const np = JSON.stringify(findManifest(manifests, 'NetworkPolicy', 'tool-gateway', 'tg-gateway'));
    expect(np).toContain('"app":"pii-adapter"');
    expect(manifests.filter((m) => m.kind === 'Guard')).toStrictEqual([]);
  });

  it("attach to a route on an imported gateway, with the guard owner's consent", () => {
    const route = routeToUrl('team-a', 'r', URL, { ...ON_SHARED, guardrails: [{ name: 'pii', namespace: 'guards' }] });
    const ok = compileWith([route], [toolGateway('tool-gateway', 'shared'), sharedGuard]);
    expect(ok.errors).toStrictEqual([]);
    expect(identities(withoutRuntime(ok.manifests))).toStrictEqual([
      'AgentgatewayPolicy team-a/shared-r-guardrail',
      'AgentgatewayBackend team-a/shared-r',
      'HTTPRoute team-a/shared-r',
    ]);
    const refused = compileWith([route], [toolGateway('tool-gateway', 'shared'), guard('guards', 'pii')]);
    expect(refused.errors.map((p) => [p.field, p.message])).toStrictEqual([
      [
        'spec.guardrails[0]',
        'Guard guards/pii does not admit namespace team-a: allowedNamespaces admits only its own namespace (from: Same, the default); its owner must allow it in spec.allowedNamespaces',
      ],
    ]);
  });

  it('an imported GuardrailProvider serves a Guard compiled here, and is only read', () => {
    const { manifests, errors } = compileWith(
      [
        toolGateway('tool-gateway', 'tg', { guardrails: [{ name: 'pii' }] }),
        guard('tool-gateway', 'pii', { providerRef: { name: 'presidio', namespace: 'guards' } }),
      ],
      [presidioProvider('guards', 'presidio', 'http://presidio.guards:8000')],
    );
    expect(errors).toStrictEqual([]);
    expect(identities(manifests).filter((id) => id.includes('guards/'))).toStrictEqual([]);
    expect(identities(withoutRuntime(manifests))).toContain('Deployment tool-gateway/pii-adapter');
  });

  it('a missing Guard says how to import it', () => {
    const { errors } = compileWith([gatewayWithGuard], []);
    expect(errors.map((p) => p.message)).toStrictEqual([
      'Guard guards/pii is not defined in this input; define it, or if another pipeline owns it, add the owner\'s Guard document annotated cdk8s-tool-gateway/imported: "true" (or pass its folder with --import)',
    ]);
  });
});
