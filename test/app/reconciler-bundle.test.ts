import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { reconcilerBuildOptions, reconcilerBundle } from '../../src/app/reconciler-bundle.js';

describe('reconcilerBundle |', () => {
  const bundle = reconcilerBundle();

  test('is one self-contained ESM file, deterministic, and free of paths of the build machine', () => {
    const again = buildSync({ ...reconcilerBuildOptions(), write: false, outfile: 'elsewhere/out.mjs' }).outputFiles[0]!.text;
    expect(again).toBe(bundle.text);
    expect(bundle.digest).toBe(`sha256:${createHash('sha256').update(bundle.text).digest('hex')}`);
    expect(bundle.text).not.toContain(process.cwd());
    expect(bundle.text).not.toMatch(/from\s*["'](?!node:)[^"']+["']/); // no bare imports left: only node: built-ins
  });

  test('fits a ConfigMap plainly, and the target of 1 MiB gzipped many times over', () => {
    expect(Buffer.byteLength(bundle.text)).toBeLessThan(700 * 1024);
    expect(gzipSync(bundle.text).length).toBeLessThan(1024 * 1024);
  });

  test('runs on this Node: without --plan it says so and exits 2', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-'], { input: bundle.text, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('tool-gateway-reconciler: --plan <file> is required\n');
  });
});
