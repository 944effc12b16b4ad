import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { readReconcilerBundle, RECONCILER_BUNDLE_FILE, reconcilerBundle } from '../../src/app/reconciler-bundle.js';
import { packageFile, packageRoot } from '../../src/contracts/package-files.js';
import { compressBundle } from '../../src/compile/runtime/compress-bundle.js';
import { reconcilerBuildOptions } from '../../scripts/build.mjs';
import { DEFAULT_RECONCILER_NODE_IMAGE } from '../../src/compile/runtime/reconciler-options.js';

describe('reconcilerBundle |', () => {
  const bundle = reconcilerBundle();

  test('is the build of the current sources, deterministic, one ESM file, free of paths of the build machine', () => {
    // Built again in memory from src/reconciler, under another output name: the same bytes as
    // lib/reconciler.mjs, which the test setup rebuilt if a source changed.
    const again = buildSync({ ...reconcilerBuildOptions(), write: false, outfile: 'elsewhere/out.mjs' }).outputFiles[0]?.text;
    expect(again).toBe(bundle.text);
    expect(bundle.digest).toBe(`sha256:${createHash('sha256').update(bundle.text).digest('hex')}`);
    expect(bundle.text).not.toContain(packageRoot());
    expect(bundle.text).not.toMatch(/from\s*["'](?!node:)[^"']+["']/); // no bare imports left: only node: built-ins
  });

  test("comes with the build's brotli of it, the bytes compile would pack", () => {
    expect(bundle.packed).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bundle.packed ?? []).equals(compressBundle(bundle.text))).toBe(true);
  });

  test('ignores a brotli beside it that does not unpack to its text, or is not brotli at all', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tgw-bundle-'));
    try {
      const file = join(dir, 'reconciler.mjs');
      copyFileSync(packageFile(RECONCILER_BUNDLE_FILE), file);
      expect(readReconcilerBundle(file).packed).toBeUndefined();
      writeFileSync(`${file}.br`, compressBundle(`${bundle.text}// another build\n`));
      expect(readReconcilerBundle(file).packed).toBeUndefined();
      writeFileSync(`${file}.br`, 'not brotli');
      expect(readReconcilerBundle(file).packed).toBeUndefined();
      copyFileSync(`${packageFile(RECONCILER_BUNDLE_FILE)}.br`, `${file}.br`);
      expect(Buffer.from(readReconcilerBundle(file).packed ?? []).equals(compressBundle(bundle.text))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('is read once per process', () => {
    expect(reconcilerBundle()).toBe(bundle);
  });

  test(`says which file is missing and how to build it, for a package without ${RECONCILER_BUNDLE_FILE}`, () => {
    const missing = join(tmpdir(), 'tgw-no-such-package', RECONCILER_BUNDLE_FILE);
    expect(() => readReconcilerBundle(missing)).toThrow(
      `cannot read the reconciler bundle ${missing} (ENOENT); build it with npm run build`,
    );
  });

  test('is built for the Node major of the default reconciler image, an LTS in support', () => {
    const major = /node:(\d+)\.\d+\.\d+-alpine$/.exec(DEFAULT_RECONCILER_NODE_IMAGE)?.[1];
    expect(['22', '24']).toContain(major);
    expect(reconcilerBuildOptions().target).toBe(`node${major}`);
  });

  test('runs on this Node: without --plan it says so and exits 2', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-'], { input: bundle.text, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('tool-gateway-reconciler: --plan <file> is required\n');
  });
});
