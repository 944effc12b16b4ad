import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, test } from 'vitest';
import { programBuildOptions } from '../../scripts/build.mjs';
import { packageFile } from '../../src/contracts/package-files.js';

// What lib/cli.cjs holds, as esbuild accounts for it (built here with the build's own settings,
// in memory), and what a start of the built CLI initializes.

let inputs: string[];
beforeAll(async () => {
  const result = await build({
    ...programBuildOptions('src/cli/main.ts', join(packageFile('lib'), 'cli-bundle-test.cjs')),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0];
  inputs = Object.entries(output?.inputs ?? {})
    .filter(([, i]) => i.bytesInOutput > 0)
    .map(([path]) => path);
});

describe('lib/cli.cjs |', () => {
  test('holds the compiler, the gate and zod, but no cdk8s, constructs or generated classes', () => {
    // The positive half keeps the negative one honest: the paths are written as the checks expect.
    for (const expected of [
      'src/compile/compile-estate.ts',
      'src/validate/validate-manifests.ts',
      'imports/agentgateway.dev.constants.ts',
      'node_modules/zod/v4/classic/schemas.js',
    ]) {
      expect(inputs).toContain(expected);
    }
    const unwanted = inputs.filter(
      (p) => /^node_modules\/(cdk8s|cdk8s-plus-28|constructs)\//.test(p) || (p.startsWith('imports/') && !p.endsWith('.constants.ts')),
    );
    expect(unwanted).toStrictEqual([]);
  });

  test("holds zod's English messages and no other locale", () => {
    const locales = inputs.filter((p) => p.includes('zod/v4/locales/'));
    expect(locales).toContain('node_modules/zod/v4/locales/en.js');
    expect(locales.filter((p) => !/(^|:)node_modules\/zod\/v4\/locales\/(en|index)\.js$/.test(p))).toStrictEqual([]);
  });
});

/** The Node built-in modules that loading the CLI and running `args` loaded, in a fresh process started as the CLI is. */
function builtinsLoadedBy(args: readonly string[]): string[] {
  const loader = new URL('../../bin/cli-loader.js', import.meta.url).href;
  const probe = `
    const { loadCli } = await import(${JSON.stringify(loader)});
    const before = new Set(process.moduleLoadList);
    const code = await loadCli().main(${JSON.stringify(args)}, { out: () => {}, err: () => {} });
    const loaded = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule ') && !m.includes('internal/'));
    console.log(JSON.stringify({ code, loaded: loaded.map((m) => m.slice('NativeModule '.length)) }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', cwd: packageFile('.') });
  expect(r.stderr).toBe('');
  const { code, loaded } = JSON.parse(r.stdout) as { code: number; loaded: string[] };
  expect(code).toBe(0);
  return loaded;
}

describe('what a start initializes |', () => {
  // The commands' modules stay in the bundle but are initialized when their command runs; the
  // built-ins their modules load at the top are what shows it from outside.
  test('--help initializes no command: neither the writer (crypto), the gate (worker_threads) nor the bundle (zlib)', () => {
    expect(builtinsLoadedBy(['--help'])).toStrictEqual([]);
  });

  test('synth initializes its own modules but not diff, which reads git revisions (child_process)', () => {
    const loaded = builtinsLoadedBy(['synth', '--input', 'examples/default-estate', '--out', 'dist', '--check']);
    expect(loaded).toEqual(expect.arrayContaining(['crypto', 'worker_threads', 'zlib']));
    expect(loaded).not.toContain('child_process');
  });

  test('diff initializes its module, and with it child_process', () => {
    expect(builtinsLoadedBy(['diff', '--base', 'dist', '--head', 'dist'])).toContain('child_process');
  });
});
