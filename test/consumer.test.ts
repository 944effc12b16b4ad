/**
 * The package as a platform team installs it: packed, installed from the tarball into a fresh
 * project of its own with cdk8s and constructs at the lowest versions the peer ranges allow, and
 * used from TypeScript in that project's own App beside a cdk8s-plus Deployment. Installing
 * needs the npm registry, as `npm ci` does.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureDeclarations } from '../scripts/build.mjs';
import { packageFile } from '../src/contracts/package-files.js';

const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const project = mkdtempSync(join(tmpdir(), 'tgw-consumer-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

function npm(args: readonly string[], cwd: string): string {
  return execFileSync('npm', [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The lowest published version that satisfies `range`. */
function lowest(name: string, range: string): string {
  const found = JSON.parse(npm(['view', `${name}@${range}`, 'version', '--json'], project)) as string | string[];
  const versions = Array.isArray(found) ? found : [found];
  expect(versions.length, `${name}@${range}`).toBeGreaterThan(0);
  return versions[0] as string;
}

const MAIN_TS = `import { App, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ToolFilter, ToolGateway, ToolGatewayStage, ToolRoute, ToolServer, Upstream } from 'cdk8s-tool-gateway';

const app = new App();
const gateway = new ToolGateway(new Chart(app, 'platform', { namespace: 'tool-gateway' }), 'shared');
const team = new Chart(app, 'team-a', { namespace: 'team-a' });
new kplus.Deployment(team, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
const weather = new ToolServer(team, 'weather', { image: 'ghcr.io/example/weather-mcp:1.4.2', port: 8000 });
const route = new ToolRoute(team, 'weather-route', {
  name: 'weather',
  gateway,
  upstream: Upstream.toolServer(weather),
  toolFilter: ToolFilter.allow('get_*'),
});
route.addJsonPatch('HTTPRoute', JsonPatch.add('/metadata/annotations', { 'example.com/owner': 'team-a' }));
new ToolGatewayStage(app, 'tool-gateway');
app.synth();
`;

describe('a consumer project |', () => {
  const versions: Record<string, string> = {};

  beforeAll(() => {
    ensureDeclarations();
    const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', project], packageFile('.'))) as {
      filename: string;
    }[];
    const tarball = join(project, packed[0]!.filename);
    for (const [name, range] of Object.entries(pkg.peerDependencies)) versions[name] = lowest(name, range);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [] },
        include: ['main.ts'],
      }),
    );
    writeFileSync(join(project, 'main.ts'), MAIN_TS);
    npm(
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        ...Object.entries(versions).map(([name, version]) => `${name}@${version}`),
        `cdk8s-plus-28@${pkg.devDependencies['cdk8s-plus-28'] ?? '2.5.6'}`,
        `typescript@${pkg.devDependencies.typescript}`,
        `tsx@${pkg.devDependencies.tsx}`,
        tarball,
      ],
      project,
    );
  }, 600_000);

  test('installs with cdk8s and constructs at the lowest versions of the peer ranges', () => {
    for (const [name, version] of Object.entries(versions)) {
      const installed = JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
      expect(installed.version, name).toBe(version);
    }
    // One copy of constructs: ours resolves the consumer's.
    expect(readdirSync(join(project, 'node_modules/cdk8s-tool-gateway')).includes('node_modules')).toBe(false);
  });

  test('type-checks a main.ts that uses the constructs in its own App', () => {
    const r = spawnSync(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('runs it, and the output passes tool-gateway validate with the Deployment and the patch in it', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'main.ts'], { cwd: project, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const validate = spawnSync(
      process.execPath,
      [join(project, 'node_modules/cdk8s-tool-gateway/bin/tool-gateway.js'), 'validate', 'dist'],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    expect(validate.status, validate.stderr).toBe(0);
    expect(validate.stdout).toMatch(/^\d+ object\(s\) valid\n$/);
    const team = readFileSync(join(project, 'dist/team-a.k8s.yaml'), 'utf8');
    expect(team).toContain('kind: Deployment');
    expect(team).toContain('image: nginx:1.27');
    const compiled = readFileSync(join(project, 'dist/tool-gateway.k8s.yaml'), 'utf8');
    expect(compiled).toContain('kind: HTTPRoute');
    expect(compiled).toContain('example.com/owner: team-a');
  });

  test("the installed CLI ships no code cache and writes its own and its validators' for this Node after its first synth", async () => {
    const installed = join(project, 'node_modules/cdk8s-tool-gateway');
    const cache = join(installed, 'lib/cli.cjs.cache');
    const validatorCaches = (): string[] => readdirSync(join(installed, 'lib/validators')).filter((n) => n.endsWith('.cache'));
    const example = join(project, 'example');
    cpSync(packageFile('examples/default-estate'), example, { recursive: true });
    const synth = (out: string, uid?: number) =>
      spawnSync(process.execPath, [join(installed, 'bin/tool-gateway.js'), 'synth', '--input', example, '--out', out], {
        cwd: project,
        encoding: 'utf8',
        ...(uid === undefined ? {} : { uid, gid: uid }),
      });
    expect(existsSync(cache)).toBe(false);
    expect(validatorCaches()).toEqual([]);
    // A user who may not write to the install (root ignores permissions, so the check runs as nobody).
    if (process.getuid?.() === 0) {
      const nobody = 65534;
      chmodSync(project, 0o755);
      const out = join(project, 'by-nobody');
      mkdirSync(out);
      chownSync(out, nobody, nobody);
      const run = synth(join(out, 'dist'), nobody);
      expect(run.status, run.stderr).toBe(0);
      expect(existsSync(cache)).toBe(false);
      expect(validatorCaches()).toEqual([]);
    }
    const first = synth(join(project, 'synth-1'));
    expect(first.status, first.stderr).toBe(0);
    expect(existsSync(cache)).toBe(true);
    expect(validatorCaches().length).toBeGreaterThan(10);
    // V8 takes every cache the next start reads: none is written again (a write replaces the file).
    const files = (): Map<string, number> =>
      new Map([cache, ...validatorCaches().map((n) => join(installed, 'lib/validators', n))].map((f) => [f, statSync(f).ino]));
    const written = files();
    const second = synth(join(project, 'synth-2'));
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout.replaceAll('synth-1', 'synth-2'));
    expect(files()).toEqual(written);
    const { loadCli } = (await import(join(installed, 'bin/cli-loader.js'))) as {
      loadCli: () => { cacheRejected: boolean | undefined };
    };
    expect(loadCli().cacheRejected).toBe(false);
  });
});
