import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { buildSync, type BuildOptions } from 'esbuild';
import type { ReconcilerBundle } from '../contracts/reconciler-bundle.js';

/** The reconciler's entry point, bundled with everything it imports into one ESM file. */
export const RECONCILER_ENTRY = fileURLToPath(new URL('../reconciler/main.ts', import.meta.url));

/** The repository root: esbuild resolves from here, and no path of this machine ends up in the bundle. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * esbuild settings of the bundle. CommonJS dependencies bundled into ESM call `require` for Node
 * built-ins, which ESM lacks: the banner provides one. Minified without legal comments, names
 * or source maps, so the bytes depend only on the sources, the lockfile and the pinned esbuild.
 */
export function reconcilerBuildOptions(): BuildOptions {
  return {
    entryPoints: [RECONCILER_ENTRY],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    sourcemap: false,
    metafile: false,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  };
}

let built: ReconcilerBundle | undefined;

/**
 * Builds the reconciler bundle in memory (about half a second, once per process). This is the
 * compiler's one build step: deterministic, and the same bytes `npm run build:reconciler` writes.
 */
export function reconcilerBundle(): ReconcilerBundle {
  if (built) return built;
  const result = buildSync({ ...reconcilerBuildOptions(), write: false, outfile: 'build/reconciler.mjs' });
  const [output, ...more] = result.outputFiles;
  if (result.errors.length > 0 || !output || more.length > 0) {
    throw new Error(`could not bundle the reconciler: ${result.errors.map((e) => e.text).join('; ') || 'not exactly one output file'}`);
  }
  const text = output.text;
  built = { text, digest: `sha256:${createHash('sha256').update(text).digest('hex')}` };
  return built;
}
