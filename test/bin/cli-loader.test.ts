import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadCli } from '../../bin/cli-loader.js';
import { packageFile } from '../../src/contracts/package-files.js';

describe('bin/cli-loader |', () => {
  test('loads the bundled CLI with a code cache that V8 accepts, and the CLI runs', async () => {
    // The build wrote the cache after a warm-up synth, in a child process with no Node flags; this
    // test runs under vitest's, which V8 may count as different. So the check of acceptance runs
    // in a plain child process below, and here only that the file is there and the CLI works.
    expect(existsSync(packageFile('lib/cli.cjs.cache'))).toBe(true);
    const lines: string[] = [];
    const cli = loadCli();
    expect(await cli.main(['--version'], { out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('V8 accepts the code cache in a process started as the CLI is', () => {
    const loader = new URL('../../bin/cli-loader.js', import.meta.url).href;
    const probe = `const { loadCli } = await import(${JSON.stringify(loader)}); console.log(String(loadCli().cacheRejected));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('false\n');
  });

  test('the warm-up synth of the build also wrote the caches of the validators it used, and V8 accepts them', () => {
    const lib = (path: string): string => JSON.stringify(pathToFileURL(packageFile(`lib/src/${path}`)).href);
    const probe = `
      const { checkObjectStructure } = await import(${lib('validate/structural-validator.js')});
      const { shippedValidators } = await import(${lib('validate/precompiled-validators.js')});
      const { withYoungGenerationHeld } = await import(${lib('cli/young-generation.js')});
      const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'a', namespace: 'b' } };
      // Read as a command reads them: with the young generation held, as they were written.
      const problems = await withYoungGenerationHeld(() => checkObjectStructure({ manifest: account }).problems);
      console.log(JSON.stringify({ problems, use: shippedValidators().codeCacheUse() }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(r.stderr).toBe('');
    const { problems, use } = JSON.parse(r.stdout) as { problems: unknown[]; use: { loaded: number; cached: number } };
    expect(problems).toEqual([]);
    expect(use.loaded).toBeGreaterThan(0);
    expect(use.cached).toBe(use.loaded);
  });
});
