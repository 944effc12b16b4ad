import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { builtinModules } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, test } from 'vitest';
import { packageFile } from '../src/contracts/package-files.js';
import { ensureDeclarations } from '../scripts/build.mjs';

interface PackResult {
  readonly size: number;
  readonly files: readonly { readonly path: string; readonly size: number }[];
}

const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
  private?: boolean;
  main: string;
  types: string;
  exports: Record<string, { types: string; default: string } | string>;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** What `npm pack` would put in the tarball (no lifecycle scripts: lib/ and types/ are built already). */
function dryRunPack(): PackResult {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageFile('.'), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const [result] = JSON.parse(r.stdout) as PackResult[];
  return result!;
}

/** The package name a bare import names: `a` of `a/b`, `@s/a` of `@s/a/b`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

/**
 * Module specifiers of import and export statements (at the start of a line), dynamic `import()`
 * and `require()`: what the loader resolves, not words in strings or comments.
 */
const IMPORT =
  /^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/gm;

function specifiers(text: string): string[] {
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
}

function bareImports(text: string): string[] {
  return specifiers(text).filter((s) => !s.startsWith('.') && !s.startsWith('/'));
}

const NODE_BUILTINS = new Set(builtinModules);
const isBuiltin = (s: string): boolean => s.startsWith('node:') || NODE_BUILTINS.has(s);

describe('the package |', () => {
  // types/ is built by npm ci and npm pack; here it must match the sources too.
  ensureDeclarations();
  const pack = dryRunPack();
  const paths = pack.files.map((f) => f.path);

  test('is publishable, and its tarball stays small', () => {
    expect(pkg.private).toBeUndefined();
    // About 0.45 MiB of it are the gate's precompiled schema validators and CEL syntax trees
    // (lib/validators, lib/cel-asts), which take about a third off a cold synth.
    expect(pack.size).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  test('ships the library, its declarations, the CLI, the reconciler bundle, the schemas and the GitOps health checks, and nothing of the repository', () => {
    for (const path of [
      'lib/src/index.js',
      'types/src/index.d.ts',
      'bin/tool-gateway.js',
      'bin/cli-loader.js',
      'lib/cli.cjs',
      'lib/validation-worker.mjs',
      'lib/reconciler.mjs',
      'lib/reconciler.mjs.br',
      'imports/schemas/agentgateway.dev.json',
      'health/argocd/argocd-cm.yaml',
      'health/argocd/runtime.agentic-layer.ai_ToolRoute.lua',
      'health/argocd/agentgateway.dev_AgentgatewayPolicy.lua',
      'health/flux/health-check-exprs.yaml',
      'LICENSE',
      'README.md',
    ]) {
      expect(paths).toContain(path);
    }
    // A code cache is valid only for the Node that wrote it (the build's, here): none ships.
    const unwanted = paths.filter(
      (p) =>
        /^(test|bench|dist|scripts|examples|src|\.ci)\//.test(p) ||
        /\.test\./.test(p) ||
        p.startsWith('lib/src/reconciler/') ||
        /\.cache$/.test(p),
    );
    expect(unwanted).toStrictEqual([]);
  });

  test('the library ships source maps that carry their TypeScript, since src/ is not shipped', () => {
    expect(paths).toContain('lib/src/index.js.map');
    const map = JSON.parse(readFileSync(packageFile('lib/src/app/build-output.js.map'), 'utf8')) as {
      sources: string[];
      sourcesContent: string[];
    };
    expect(map.sources).toStrictEqual(['../../../src/app/build-output.ts']);
    expect(map.sourcesContent[0]).toContain('export function buildOutput(');
    expect(paths.filter((p) => p.startsWith('lib/imports/') && p.endsWith('.map'))).toStrictEqual([]);
  });

  test('main, types, exports and bin name files that are in the tarball', () => {
    const entry = pkg.exports['.'] as { types: string; default: string };
    for (const path of [pkg.main, pkg.types, entry.types, entry.default, ...Object.values(pkg.bin)]) {
      expect(paths).toContain(normalize(path));
    }
  });

  test('cdk8s and constructs are peers, and build tools are not runtime dependencies', () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toStrictEqual(['cdk8s', 'constructs']);
    for (const dev of ['cdk8s', 'constructs', 'esbuild', 'tsx', '@modelcontextprotocol/sdk', 'typescript']) {
      expect(pkg.dependencies).not.toHaveProperty(dev);
    }
    // The repository still builds and tests against them.
    expect(pkg.devDependencies).toHaveProperty('cdk8s');
    expect(pkg.devDependencies).toHaveProperty('constructs');
  });

  test('the library imports only Node, its dependencies and its peers', () => {
    const allowed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
    const stray = new Set<string>();
    const library = paths.filter((p) => /^lib\/(src|imports)\/.*\.js$/.test(p));
    for (const path of library) {
      for (const s of bareImports(readFileSync(packageFile(path), 'utf8')))
        if (!isBuiltin(s) && !allowed.has(packageOf(s))) stray.add(`${path}: ${s}`);
    }
    expect([...stray]).toStrictEqual([]);
    expect(library.length).toBeGreaterThan(50);
  });

  test('the CLI runs from the packed files alone, with no node_modules, and synthesizes what it does here', () => {
    const root = mkdtempSync(join(tmpdir(), 'tgw-packed-'));
    try {
      const installed = join(root, 'package');
      for (const path of paths) cpSync(packageFile(path), join(installed, path));
      cpSync(packageFile('package.json'), join(installed, 'package.json'));
      const run = (bin: string, out: string): ReturnType<typeof spawnSync> =>
        spawnSync(process.execPath, [bin, 'synth', '--input', 'examples/default-estate', '--out', out], {
          cwd: packageFile('.'),
          encoding: 'utf8',
        });
      const packed = run(join(installed, 'bin/tool-gateway.js'), join(root, 'packed'));
      expect(packed.status, String(packed.stderr)).toBe(0);
      expect(run(packageFile('bin/tool-gateway.js'), join(root, 'here')).status).toBe(0);
      const tree = (dir: string): Record<string, string> =>
        Object.fromEntries(
          (readdirSync(dir, { recursive: true }) as string[])
            .filter((f) => f.endsWith('.yaml'))
            .sort()
            .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
        );
      const files = tree(join(root, 'packed'));
      expect(Object.keys(files).length).toBeGreaterThan(30);
      expect(files).toStrictEqual(tree(join(root, 'here')));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('the public declarations reach only its dependencies and peers', () => {
    const allowed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
    const seen = new Set<string>();
    const queue = [pkg.types];
    const stray = new Set<string>();
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      expect(paths, `${file} is reached from ${pkg.types} but not shipped`).toContain(file);
      for (const s of specifiers(readFileSync(packageFile(file), 'utf8'))) {
        if (s.startsWith('.')) queue.push(normalize(join(dirname(file), s.replace(/\.js$/, '.d.ts'))));
        else if (!isBuiltin(s) && !allowed.has(packageOf(s))) stray.add(`${file}: ${s}`);
      }
    }
    expect([...stray]).toStrictEqual([]);
    expect(seen.size).toBeGreaterThan(10);
  });
});
