import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/contracts/problem.js';
import { compileDocs, compileValid, findManifest } from '../../support/compile-fixtures.js';
import {
  cr,
  errorsOf,
  guard,
  presidioProvider,
  routeToServer,
  routeToUrl,
  toolGateway,
  toolServer,
  type Doc,
} from '../../support/intent-fixtures.js';

const JWT = { jwt: { issuer: 'https://idp.example.com', audiences: ['a'], jwks: { uri: 'https://idp.example.com/jwks' } } };
const gateway = (name = 'shared', spec: Doc = {}) => toolGateway('tool-gateway', name, { authentication: JWT, ...spec });
const ref = (name = 'shared') => ({ name, namespace: 'tool-gateway' });
const toolSet = (spec: Doc, namespace = 'team-a', name = 'research') => cr('ToolSet', namespace, name, { toolGatewayRef: ref(), ...spec });

/** weather in team-a, papers in team-b (consenting unless told otherwise), both on `shared`. */
function estate(papers: Doc = { allowedToolSets: { from: 'All' } }, set: Doc = {}): Doc[] {
  return [
    gateway(),
    toolServer('team-a', 'weather'),
    toolServer('team-b', 'papers'),
    routeToServer('team-a', 'weather', 'weather', { toolGatewayRef: ref() }),
    routeToServer('team-b', 'papers', 'papers', { toolGatewayRef: ref(), ...papers }),
    toolSet({ routes: [{ name: 'weather' }, { name: 'papers', namespace: 'team-b' }], ...set }),
  ];
}

const errorLines = (docs: readonly unknown[]) => errorsOf(compileDocs(docs).problems).map(formatProblem);

describe('resolveToolSets |', () => {
  it('compiles a same-namespace and a consented cross-namespace route into one backend with two targets', () => {
    const objects = compileValid(estate());
    const backend = findManifest(objects, 'AgentgatewayBackend', 'team-a', 'shared-research');
    const mcp = (backend.spec as { mcp: { prefixMode: string; targets: Array<{ name: string; static: { host: string } }> } }).mcp;
    expect(mcp.prefixMode).toBe('Conditional');
    expect(mcp.targets.map((t) => [t.name, t.static.host])).toStrictEqual([
      ['weather', 'weather.team-a.svc.cluster.local'],
      ['papers', 'papers.team-b.svc.cluster.local'],
    ]);
    const route = findManifest(objects, 'HTTPRoute', 'team-a', 'shared-research');
    expect(JSON.stringify(route.spec)).toContain('"value":"/team-a/research/mcp"');
    // Nothing restricts either member: no policy.
    expect(objects.some((m) => m.metadata.name === 'shared-research-toolfilter')).toBe(false);
  });

  it('refuses a cross-namespace member without its owner consent, naming both sides', () => {
    const lines = errorLines(estate({}));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ToolSet team-a/research: spec.routes[1]:');
    expect(lines[0]).toContain('ToolRoute team-b/papers does not admit ToolSets from namespace team-a (ToolSet team-a/research)');
    expect(lines[0]).toContain('allowedToolSets admits only its own namespace (from: Same, the default)');
    expect(lines[0]).toContain('its owner must allow it in spec.allowedToolSets');
  });

  it('admits by namespace selector, and asks for the labels of an unknown namespace', () => {
    const selector = { allowedToolSets: { from: 'Selector', selector: { matchLabels: { research: 'yes' } } } };
    expect(errorLines(estate(selector)).join('\n')).toContain('the labels of namespace team-a are unknown');
    const labelled = [
      ...estate(selector),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { research: 'yes' } } },
    ];
    expect(errorLines(labelled)).toStrictEqual([]);
  });

  it('writes the prefixMode and applies each member its own filter on its own target', () => {
    const docs = estate({ allowedToolSets: { from: 'All' }, toolFilter: { allow: ['search_*'] } }, { prefixMode: 'Always' });
    const objects = compileValid(docs);
    const backend = findManifest(objects, 'AgentgatewayBackend', 'team-a', 'shared-research');
    expect((backend.spec as { mcp: { prefixMode: string } }).mcp.prefixMode).toBe('Always');
    const policy = findManifest(objects, 'AgentgatewayPolicy', 'team-a', 'shared-research-toolfilter');
    expect(JSON.stringify(policy.spec)).toContain(
      JSON.stringify('(mcp.tool.target == "weather") || (mcp.tool.target == "papers" && (mcp.tool.name.matches("(?s)^search_.*$")))'),
    );
  });

  it('refuses a member served on another gateway', () => {
    const docs = [...estate(), gateway('other'), routeToServer('team-a', 'elsewhere', 'weather', { toolGatewayRef: ref('other') })];
    docs[5] = toolSet({ routes: [{ name: 'weather' }, { name: 'elsewhere' }] });
    const lines = errorLines(docs);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      'spec.routes[1]: ToolRoute team-a/elsewhere is served on ToolGateway tool-gateway/other, not on the ToolSet',
    );
  });

  it('refuses a member with a guard of its own, which the ToolSet would bypass', () => {
    const docs = [
      ...estate({ allowedToolSets: { from: 'All' }, guardrails: [{ name: 'pii', namespace: 'guards' }] }),
      guard('guards', 'pii', { allowedNamespaces: { from: 'All' } }),
      presidioProvider('guards'),
    ];
    expect(errorLines(docs).join('\n')).toContain('ToolRoute team-b/papers has a guard of its own (spec.guardrails)');
  });

  it('refuses a cross-namespace member that reads a Secret, which agentgateway would look for in the ToolSet namespace', () => {
    const lines = errorLines(
      estate({ allowedToolSets: { from: 'All' }, upstream: { toolServerRef: { name: 'papers' }, auth: { secretRef: { name: 'token' } } } }),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('reads a Secret in spec.upstream.auth of namespace team-b');
  });

  it('refuses two members whose target names collide, and a member listed twice', () => {
    const docs = [...estate(), routeToServer('team-b', 'weather', 'papers', { toolGatewayRef: ref(), allowedToolSets: { from: 'All' } })];
    docs[5] = toolSet({ routes: [{ name: 'weather' }, { name: 'weather', namespace: 'team-b' }, { name: 'weather' }] });
    const lines = errorLines(docs);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(
      'spec.routes[1]: ToolRoute team-b/weather gets backend target name "weather", which ToolRoute team-a/weather (spec.routes[0]) has already',
    );
    expect(lines[1]).toContain('spec.routes[2]: ToolRoute team-a/weather is listed twice (first at spec.routes[0])');
  });

  it('reports a member that is not defined, and a gateway that is not', () => {
    expect(errorLines([...estate().slice(0, 5), toolSet({ routes: [{ name: 'nope' }] })])).toStrictEqual([
      'error: ToolSet team-a/research: spec.routes[0]: ToolRoute team-a/nope is not defined in this input; a ToolSet includes routes compiled with it',
    ]);
    const lines = errorLines([...estate().slice(0, 5), toolSet({ toolGatewayRef: ref('nope'), routes: [{ name: 'weather' }] })]);
    expect(lines[0]).toContain('spec.toolGatewayRef: ToolGateway tool-gateway/nope is not defined in this input');
  });

  it('needs the gateway to admit the ToolSet namespace', () => {
    const docs = estate();
    docs[0] = gateway('shared', { allowedRoutes: { namespaces: { from: 'Same' } } });
    const lines = errorLines(docs).filter((l) => l.includes('ToolSet'));
    expect(lines).toStrictEqual([
      expect.stringContaining(
        'ToolSet team-a/research: spec.toolGatewayRef: ToolGateway tool-gateway/shared does not admit routes from namespace team-a',
      ),
    ]);
  });

  it('keeps a member routed through an external URL, with its TLS on its own target', () => {
    const docs = [
      gateway(),
      routeToUrl('team-a', 'partner', 'https://mcp.partner.example.com/mcp', {
        toolGatewayRef: ref(),
        upstream: { external: { url: 'https://mcp.partner.example.com/mcp' }, tls: { sni: 'mcp.partner.example.com' } },
      }),
      toolSet({ routes: [{ name: 'partner' }] }),
    ];
    const backend = findManifest(compileValid(docs), 'AgentgatewayBackend', 'team-a', 'shared-research');
    expect((backend.spec as { mcp: { targets: Array<{ static: unknown }> } }).mcp.targets[0]!.static).toMatchObject({
      host: 'mcp.partner.example.com',
      port: 443,
      policies: { tls: { sni: 'mcp.partner.example.com' } },
    });
  });

  it('refuses a member with a rate limit of its own, which the ToolSet would bypass, and limits the set as a whole', () => {
    const limited = errorLines(estate({ allowedToolSets: { from: 'All' }, rateLimit: { requests: 10, per: 'Minute' } }));
    expect(limited).toHaveLength(1);
    expect(limited[0]).toContain('ToolSet team-a/research: spec.routes[1]:');
    expect(limited[0]).toContain('ToolRoute team-b/papers has a rate limit of its own (spec.rateLimit)');
    expect(limited[0]).toContain("set the limit on the ToolSet's spec.rateLimit");

    const objects = compileValid(estate(undefined, { rateLimit: { requests: 300, per: 'Hour', burst: 5 } }));
    const policy = findManifest(objects, 'AgentgatewayPolicy', 'team-a', 'shared-research-ratelimit');
    expect(policy.spec).toStrictEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'shared-research' }],
      traffic: { rateLimit: { local: [{ requests: 300, unit: 'Hours', burst: 5 }] } },
    });
  });

  it("admits a cross-namespace member that passes the caller's token through: it reads no Secret", () => {
    const objects = compileValid(
      estate({ allowedToolSets: { from: 'All' }, upstream: { toolServerRef: { name: 'papers' }, auth: { passthrough: {} } } }),
    );
    const backend = findManifest(objects, 'AgentgatewayBackend', 'team-a', 'shared-research');
    const targets = (backend.spec as { mcp: { targets: Array<{ name: string; static: { policies?: { auth?: unknown } } }> } }).mcp.targets;
    expect(targets.find((t) => t.name === 'papers')?.static.policies?.auth).toStrictEqual({ passthrough: {} });
  });
});
