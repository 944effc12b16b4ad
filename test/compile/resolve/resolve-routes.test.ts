import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../src/contracts/problem.js';
import { resolveRoutes, type ImportedTargets, type ResolvedRoute } from '../../../src/compile/resolve/resolve-routes.js';
import type { FrontDoor } from '../../../src/compile/resolve/import-hint.js';
import { routeToServer, routeToUrl, toolGateway, toolServer, validEstate, type Doc } from '../../support/intent-fixtures.js';

function resolve(docs: readonly Doc[], imported: ImportedTargets = {}, clusterDomain = 'cluster.local', door?: FrontDoor) {
  const problems: Problem[] = [];
  const routes = resolveRoutes(validEstate(docs), imported, clusterDomain, problems, door);
  return { routes, problems };
}

/** Resolution summary that is easy to compare: route → gateway and upstream host. */
function summary(routes: readonly ResolvedRoute[]) {
  return routes.map((r) => ({
    route: `${r.route.namespace}/${r.route.name}`,
    gateway: `${r.gateway.namespace}/${r.gateway.name}`,
    host: r.endpoint.host,
    toolServer: r.toolServer ? `${r.toolServer.namespace}/${r.toolServer.name}` : undefined,
  }));
}

const routeProblem = (ns: string, name: string, field: string, message: string): Problem => ({
  severity: 'error',
  object: { kind: 'ToolRoute', namespace: ns, name },
  field,
  message,
  origin: undefined,
});

describe('resolveRoutes | default gateway', () => {
  it('attaches a route without toolGatewayRef to the single ToolGateway in tool-gateway', () => {
    const { routes, problems } = resolve([
      toolGateway('tool-gateway', 'tg'),
      toolGateway('team-a', 'local'),
      toolServer('team-a', 'weather'),
      routeToServer('team-a', 'weather', 'weather'),
    ]);
    expect(problems).toStrictEqual([]);
    expect(summary(routes)).toStrictEqual([
      { route: 'team-a/weather', gateway: 'tool-gateway/tg', host: 'weather.team-a.svc.cluster.local', toolServer: 'team-a/weather' },
    ]);
    expect(routes[0]!.gateway.intent?.kind).toBe('ToolGateway');
  });

  it('fails when there is no ToolGateway in tool-gateway, even if others exist', () => {
    const { routes, problems } = resolve([toolGateway('team-a', 'local'), toolServer('team-a', 's'), routeToServer('team-a', 'r', 's')]);
    expect(routes).toStrictEqual([]);
    expect(problems).toStrictEqual([
      routeProblem(
        'team-a',
        'r',
        'spec.toolGatewayRef',
        'is not set and there is no default ToolGateway: define one ToolGateway in namespace "tool-gateway" or set toolGatewayRef',
      ),
    ]);
  });

  it('fails when tool-gateway holds two ToolGateways, naming both in sorted order', () => {
    const expected = routeProblem(
      'team-a',
      'r',
      'spec.toolGatewayRef',
      'is not set and the default is ambiguous: namespace "tool-gateway" holds 2 ToolGateways (tool-gateway/alpha, tool-gateway/zeta); set toolGatewayRef',
    );
    const server = toolServer('team-a', 's');
    const route = routeToServer('team-a', 'r', 's');
    expect(resolve([toolGateway('tool-gateway', 'zeta'), toolGateway('tool-gateway', 'alpha'), server, route]).problems).toStrictEqual([
      expected,
    ]);
    expect(resolve([route, server, toolGateway('tool-gateway', 'alpha'), toolGateway('tool-gateway', 'zeta')]).problems).toStrictEqual([
      expected,
    ]);
  });

  it('counts imported gateways as default candidates and still names them sorted', () => {
    const { problems } = resolve([toolGateway('tool-gateway', 'alpha'), toolServer('a', 's'), routeToServer('a', 'r', 's')], {
      gateways: [
        { name: 'zeta', namespace: 'tool-gateway' },
        { name: 'beta', namespace: 'tool-gateway' },
      ],
    });
    expect(problems.map((p) => p.message)).toStrictEqual([
      'is not set and the default is ambiguous: namespace "tool-gateway" holds 3 ToolGateways (tool-gateway/alpha, tool-gateway/beta, tool-gateway/zeta); set toolGatewayRef',
    ]);
  });

  it('uses a single imported gateway in tool-gateway as the default, with no intent behind it', () => {
    const { routes, problems } = resolve([toolServer('a', 's'), routeToServer('a', 'r', 's')], {
      gateways: [{ name: 'shared', namespace: 'tool-gateway' }],
    });
    expect(problems).toStrictEqual([]);
    expect(routes[0]!.gateway).toStrictEqual({ name: 'shared', namespace: 'tool-gateway' });
  });
});

describe('resolveRoutes | explicit gateway reference', () => {
  it('defaults the reference namespace to the route namespace', () => {
    const { routes } = resolve([
      toolGateway('team-a', 'local'),
      toolGateway('tool-gateway', 'tg'),
      toolServer('team-a', 's'),
      routeToServer('team-a', 'r', 's', { toolGatewayRef: { name: 'local' } }),
    ]);
    expect(summary(routes).map((s) => s.gateway)).toStrictEqual(['team-a/local']);
  });

  it('follows a cross-namespace reference', () => {
    const { routes } = resolve([
      toolGateway('gateways', 'edge'),
      toolServer('team-a', 's'),
      routeToServer('team-a', 'r', 's', { toolGatewayRef: { name: 'edge', namespace: 'gateways' } }),
    ]);
    expect(summary(routes).map((s) => s.gateway)).toStrictEqual(['gateways/edge']);
  });

  it('fails on a reference to a ToolGateway that is not defined', () => {
    const { routes, problems } = resolve([
      toolGateway('tool-gateway', 'tg'),
      toolServer('team-a', 's'),
      routeToServer('team-a', 'r', 's', { toolGatewayRef: { name: 'tg' } }),
    ]);
    expect(routes).toStrictEqual([]);
    expect(problems).toStrictEqual([
      routeProblem(
        'team-a',
        'r',
        'spec.toolGatewayRef',
        'ToolGateway team-a/tg is not defined in this input; define it, or if another pipeline owns it, import it: in YAML, add the owner\'s ToolGateway document annotated cdk8s-tool-gateway/imported: "true" (or pass its folder with --import); in TypeScript, import it with ToolGateway.fromName(scope, id, name, namespace)',
      ),
    ]);
  });

  it('says how to import a missing gateway in the words of the front door it knows', () => {
    const docs = [toolServer('team-a', 's'), routeToServer('team-a', 'r', 's', { toolGatewayRef: { name: 'tg' } })];
    const message = (door: FrontDoor) => resolve(docs, {}, 'cluster.local', door).problems.map((p) => p.message);
    expect(message('yaml')).toStrictEqual([
      'ToolGateway team-a/tg is not defined in this input; define it, or if another pipeline owns it, add the owner\'s ToolGateway document annotated cdk8s-tool-gateway/imported: "true" (or pass its folder with --import)',
    ]);
    expect(message('typescript')).toStrictEqual([
      'ToolGateway team-a/tg is not defined in this input; define it, or if another pipeline owns it, import it with ToolGateway.fromName(scope, id, name, namespace)',
    ]);
  });

  it('rejects a reference of another kind, and accepts kind ToolGateway spelled out', () => {
    const docs = [toolGateway('tool-gateway', 'tg'), toolServer('a', 's')];
    expect(
      resolve([...docs, routeToServer('a', 'r', 's', { toolGatewayRef: { name: 'tg', namespace: 'tool-gateway', kind: 'Gateway' } })])
        .problems,
    ).toStrictEqual([
      routeProblem('a', 'r', 'spec.toolGatewayRef.kind', '"Gateway" is not allowed; allowed: "ToolGateway" (or leave it out)'),
    ]);
    expect(
      resolve([...docs, routeToServer('a', 'r', 's', { toolGatewayRef: { name: 'tg', namespace: 'tool-gateway', kind: 'ToolGateway' } })])
        .problems,
    ).toStrictEqual([]);
  });

  it('lets a route attach to an imported gateway by name', () => {
    const { routes, problems } = resolve(
      [toolServer('a', 's'), routeToServer('a', 'r', 's', { toolGatewayRef: { name: 'shared', namespace: 'infra' } })],
      { gateways: [{ name: 'shared', namespace: 'infra' }] },
    );
    expect(problems).toStrictEqual([]);
    expect(summary(routes).map((s) => s.gateway)).toStrictEqual(['infra/shared']);
  });
});

describe('resolveRoutes | upstream', () => {
  const gw = toolGateway('tool-gateway', 'tg');

  it('finds the ToolServer in the route namespace by default and in another namespace when named', () => {
    const { routes } = resolve([
      gw,
      toolServer('a', 's'),
      toolServer('b', 's', { port: 9000 }),
      routeToServer('a', 'local', 's'),
      routeToServer('a', 'remote', 's', {}, 'b'),
    ]);
    expect(routes.map((r) => [r.route.name, r.endpoint.host, r.endpoint.port])).toStrictEqual([
      ['local', 's.a.svc.cluster.local', 8080],
      ['remote', 's.b.svc.cluster.local', 9000],
    ]);
  });

  it('uses the configured cluster domain for ToolServer hosts', () => {
    const { routes } = resolve([gw, toolServer('a', 's'), routeToServer('a', 'r', 's')], {}, 'corp.internal');
    expect(routes[0]!.endpoint.host).toBe('s.a.svc.corp.internal');
  });

  it('fails on a reference to a ToolServer that is not defined', () => {
    const { routes, problems } = resolve([gw, toolServer('b', 's'), routeToServer('a', 'r', 's')]);
    expect(routes).toStrictEqual([]);
    expect(problems).toStrictEqual([
      routeProblem(
        'a',
        'r',
        'spec.upstream.toolServerRef',
        'ToolServer a/s is not defined in this input; define it, or if another pipeline owns it, import it: in YAML, add the owner\'s ToolServer document annotated cdk8s-tool-gateway/imported: "true" (or pass its folder with --import); in TypeScript, import it with ToolServer.fromName(scope, id, name, namespace, { port, path, transport, allowedNamespaces })',
      ),
    ]);
  });

  it('rejects a toolServerRef of another kind', () => {
    const route = { ...routeToServer('a', 'r', 's'), spec: { upstream: { toolServerRef: { name: 's', kind: 'Service' } } } };
    expect(resolve([gw, toolServer('a', 's'), route]).problems).toStrictEqual([
      routeProblem('a', 'r', 'spec.upstream.toolServerRef.kind', '"Service" is not allowed; allowed: "ToolServer" (or leave it out)'),
    ]);
  });

  it('parses an external URL into its endpoint', () => {
    const ok = resolve([gw, routeToUrl('a', 'ext', 'https://github-mcp.example.com/mcp')]);
    expect(ok.routes.map((r) => [r.endpoint, r.toolServer])).toStrictEqual([
      [
        { host: 'github-mcp.example.com', port: 443, path: '/mcp', protocol: 'StreamableHTTP', tls: true, sni: 'github-mcp.example.com' },
        undefined,
      ],
    ]);
    // A URL that is no http(s) URL is refused when the route is read (test/intent/http-url.test.ts).
    const bad = resolve([gw, routeToUrl('a', 'ext', 'https://files.example.com:8443/mcp')]);
    expect(bad.routes.map((r) => r.endpoint.port)).toStrictEqual([8443]);
  });

  it('reports a gateway problem and an upstream problem of one route together', () => {
    const { routes, problems } = resolve([routeToServer('a', 'r', 'missing')]);
    expect(routes).toStrictEqual([]);
    expect(problems.map((p) => p.field)).toStrictEqual(['spec.toolGatewayRef', 'spec.upstream.toolServerRef']);
  });

  it('resolves the other routes when one fails', () => {
    const { routes, problems } = resolve([gw, toolServer('a', 's'), routeToServer('a', 'bad', 'missing'), routeToServer('a', 'good', 's')]);
    expect(routes.map((r) => r.route.name)).toStrictEqual(['good']);
    expect(problems).toHaveLength(1);
  });
});
