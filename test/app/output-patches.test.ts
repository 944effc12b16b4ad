import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import { afterAll, describe, expect, test } from 'vitest';
import {
  formatProblem,
  ToolGateway,
  ToolGatewayApp,
  ToolGatewayStage,
  ToolRoute,
  ToolServer,
  Upstream,
  type Manifest,
} from '../../src/index.js';

const work = mkdtempSync(join(tmpdir(), 'tgw-patches-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A gateway, a server and a route; returns the route and the server to patch. */
function defineIntent(app: App): { route: ToolRoute; server: ToolServer } {
  const gateway = new ToolGateway(new Chart(app, 'platform', { namespace: 'tool-gateway' }), 'shared');
  const team = new Chart(app, 'team-a', { namespace: 'team-a' });
  const server = new ToolServer(team, 'weather', { image: 'ghcr.io/example/weather-mcp:1.4.2', port: 8000 });
  const route = new ToolRoute(team, 'weather-route', { name: 'weather', gateway, upstream: Upstream.toolServer(server) });
  return { route, server };
}

function build(patch: (intent: { route: ToolRoute; server: ToolServer }) => void): ReturnType<ToolGatewayApp['build']> {
  const app = new ToolGatewayApp({ outdir: join(work, 'never') });
  patch(defineIntent(app));
  return app.build();
}

const errors = (r: ReturnType<ToolGatewayApp['build']>): string[] => r.problems.filter((p) => p.severity === 'error').map(formatProblem);

describe('addJsonPatch |', () => {
  test('patches exactly the objects of that kind compiled from that intent, and nothing else', () => {
    const plain = build(() => undefined);
    const patched = build(({ route, server }) => {
      route.addJsonPatch('HTTPRoute', JsonPatch.add('/metadata/annotations', { 'example.com/owner': 'team-a' }));
      server.addJsonPatch('Deployment', JsonPatch.replace('/spec/replicas', 3));
    });
    expect(errors(patched)).toStrictEqual([]);
    const files = patched.files!;
    const before = plain.files!;
    const changed = [...files.keys()].filter((path) => files.get(path) !== before.get(path)).sort();
    expect(changed).toStrictEqual(['team-a/deployment-weather.yaml', 'team-a/httproute-shared-weather.yaml']);
    expect(files.get('team-a/httproute-shared-weather.yaml')).toContain('example.com/owner: team-a');
    expect(files.get('team-a/deployment-weather.yaml')).toContain('replicas: 3');
  });

  test('the patched object still goes through the validation gate', () => {
    const r = build(({ route }) => route.addJsonPatch('HTTPRoute', JsonPatch.replace('/spec/parentRefs', 'not a list')));
    expect(r.files).toBeUndefined();
    expect(errors(r).join('\n')).toMatch(/HTTPRoute team-a\/shared-weather: spec\.parentRefs: .*"not a list"/);
  });

  test('a kind the intent does not compile to is an error that lists the kinds it does', () => {
    const r = build(({ route }) => route.addJsonPatch('Service', JsonPatch.add('/metadata/labels/x', 'y')));
    expect(r.files).toBeUndefined();
    expect(errors(r)).toStrictEqual([
      "error: ToolRoute team-a/weather: addJsonPatch('Service', ...) matches nothing: this intent compiles to AgentgatewayBackend, HTTPRoute, ToolRoute, not to Service [construct team-a/weather-route]",
    ]);
  });

  test('an operation that cannot apply is an error naming the object and the construct', () => {
    const r = build(({ route }) => route.addJsonPatch('HTTPRoute', JsonPatch.remove('/spec/nothing/here')));
    expect(r.files).toBeUndefined();
    const [line, ...more] = errors(r);
    expect(more).toStrictEqual([]);
    expect(line).toMatch(
      /^error: ToolRoute team-a\/weather: addJsonPatch\('HTTPRoute', \.\.\.\) on HTTPRoute shared-weather: .+ \[construct team-a\/weather-route\]$/,
    );
  });

  test('works the same inside a ToolGatewayStage', () => {
    const app = Testing.app({ outdir: work });
    const { route } = defineIntent(app);
    route.addJsonPatch('HTTPRoute', JsonPatch.add('/metadata/annotations', { 'example.com/owner': 'team-a' }));
    const stage = new ToolGatewayStage(app, 'tool-gateway');
    const httpRoute = (Testing.synth(stage) as Manifest[]).find((m) => m.kind === 'HTTPRoute');
    expect(httpRoute?.metadata.annotations).toStrictEqual({ 'example.com/owner': 'team-a' });
  });
});
