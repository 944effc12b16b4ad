import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, Testing, YamlOutputType } from 'cdk8s';
import { KubeDeployment } from 'cdk8s-plus-28/lib/imports/k8s.js';
import { afterAll, describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ToolGatewayStage } from '../../src/app/tool-gateway-stage.js';
import { ToolGateway, ToolGatewayApp, ToolRoute, ToolServer, Upstream, ToolFilter, type Manifest } from '../../src/index.js';

const work = mkdtempSync(join(tmpdir(), 'tgw-stage-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The same intent in any scope: a gateway, a tool server and a filtered route, in two charts. */
function defineIntent(scope: App): void {
  const platform = new Chart(scope, 'platform', { namespace: 'tool-gateway' });
  const gateway = new ToolGateway(platform, 'shared');
  const team = new Chart(scope, 'team-a', { namespace: 'team-a' });
  const server = new ToolServer(team, 'weather', { image: 'ghcr.io/example/weather-mcp:1.4.2', port: 8000 });
  new ToolRoute(team, 'weather-route', {
    name: 'weather',
    gateway,
    upstream: Upstream.toolServer(server),
    toolFilter: ToolFilter.allow('get_*'),
  });
}

/** The consumer's own workload, a plain cdk8s-plus L1 Deployment in a chart of its own. */
function consumerDeployment(app: App, replicas: unknown = 2): void {
  const apps = new Chart(app, 'apps', { namespace: 'team-a' });
  new KubeDeployment(apps, 'web', {
    metadata: { name: 'web' },
    spec: {
      replicas: replicas as number,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    },
  });
}

function identities(manifests: readonly Manifest[]): string[] {
  return manifests.map((m) => `${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`).sort();
}

describe('ToolGatewayStage |', () => {
  test('compiles the intent of a plain App into one chart, exactly as ToolGatewayApp compiles it', () => {
    const app = Testing.app({ outdir: work });
    defineIntent(app);
    consumerDeployment(app);
    const stage = new ToolGatewayStage(app, 'tool-gateway');
    const staged = Testing.synth(stage) as Manifest[];

    const reference = new ToolGatewayApp({ outdir: join(work, 'reference') });
    defineIntent(reference);
    const built = reference.build();
    expect(built.problems.filter((p) => p.severity === 'error')).toStrictEqual([]);
    const compiled = built.objects.map((o) => o.manifest).filter((m) => !(m.kind === 'Deployment' && m.metadata.name === 'web'));
    expect(identities(staged)).toStrictEqual(identities(compiled));
    expect(staged.find((m) => m.kind === 'HTTPRoute')).toStrictEqual(compiled.find((m) => m.kind === 'HTTPRoute'));
    // The consumer's Deployment stays in its own chart.
    expect(identities(staged)).not.toContain('Deployment team-a/web');
  });

  test("app.synth() writes the compiled objects beside the consumer's, in every output type", () => {
    for (const yamlOutputType of [
      YamlOutputType.FILE_PER_CHART,
      YamlOutputType.FILE_PER_APP,
      YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
    ]) {
      const outdir = join(work, `out-${yamlOutputType}`);
      const app = new App({ outdir, yamlOutputType });
      defineIntent(app);
      consumerDeployment(app);
      new ToolGatewayStage(app, 'tool-gateway');
      app.synth();
      const docs = (readdirSync(outdir, { recursive: true }) as string[])
        .filter((f) => f.endsWith('.yaml'))
        .flatMap((f) => parseAllDocuments(readFileSync(join(outdir, f), 'utf8')).map((d) => d.toJS() as Manifest));
      const ids = identities(docs);
      expect(ids, String(yamlOutputType)).toContain('Deployment team-a/web');
      expect(ids, String(yamlOutputType)).toContain('HTTPRoute team-a/shared-weather');
      expect(ids, String(yamlOutputType)).toContain('Gateway tool-gateway/shared');
      expect(ids, String(yamlOutputType)).toContain('NetworkPolicy team-a/weather-tool-server');
    }
  });

  test("the validation gate covers the consumer's own objects: a broken one fails the synth and nothing is written", () => {
    const outdir = join(work, 'broken');
    const app = new App({ outdir });
    defineIntent(app);
    consumerDeployment(app, 'two');
    new ToolGatewayStage(app, 'tool-gateway');
    expect(() => app.synth()).toThrow(/Deployment team-a\/web: spec\.replicas: .*"two"/);
    expect(readdirSync(outdir)).toStrictEqual([]);
  });

  test('an intent error fails the synth with its line, naming the construct', () => {
    const app = Testing.app({ outdir: work });
    const team = new Chart(app, 'team-a', { namespace: 'team-a' });
    new ToolRoute(team, 'orphan', { name: 'orphan', upstream: Upstream.external('https://mcp.example.com/mcp') });
    new ToolGatewayStage(app, 'tool-gateway');
    expect(() => app.synthYaml()).toThrow(/ToolRoute team-a\/orphan/);
  });

  test('a ToolGatewayApp takes no stage: it compiles its intent itself', () => {
    const app = new ToolGatewayApp({ outdir: join(work, 'never') });
    defineIntent(app);
    new ToolGatewayStage(app, 'tool-gateway');
    const errors = app.build().problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => p.message)).toStrictEqual([
      'a ToolGatewayApp compiles its intent itself; a ToolGatewayStage is for any other cdk8s App, so remove one of the two',
    ]);
  });

  test('an App takes one stage', () => {
    const app = Testing.app({ outdir: work });
    defineIntent(app);
    new ToolGatewayStage(app, 'one');
    new ToolGatewayStage(app, 'two');
    expect(() => app.synthYaml()).toThrow(/already has a ToolGatewayStage at (one|two)/);
  });

  test('the stage holds only compiled objects; a plain ApiObject added by hand elsewhere is not compiled into it', () => {
    const app = Testing.app({ outdir: work });
    defineIntent(app);
    const extra = new Chart(app, 'extra');
    new ApiObject(extra, 'cm', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'team-a' },
      data: { a: '1' },
    });
    const stage = new ToolGatewayStage(app, 'tool-gateway');
    expect(identities(Testing.synth(stage) as Manifest[])).not.toContain('ConfigMap team-a/settings');
    expect(identities(Testing.synth(extra) as Manifest[])).toStrictEqual(['ConfigMap team-a/settings']);
  });
});
