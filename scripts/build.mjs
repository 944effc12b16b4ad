// @ts-check
/**
 * Builds lib/ from the TypeScript sources (npm run build; npm ci runs it as `prepare`):
 *
 *   lib/src/**.js, lib/imports/*.js  every module of src/ and imports/, transpiled one to one: the
 *                                    library a cdk8s app imports, and the default app (lib/src/main.js)
 *   lib/cli.mjs                      the CLI with everything it imports in one file, so a cold
 *                                    `tool-gateway` start resolves and parses one module, not hundreds
 *   lib/validation-worker.mjs        the validation gate's worker thread, bundled the same way
 *   lib/reconciler.mjs               the reconciler bundle that synth embeds in its ConfigMap and the
 *                                    prebuilt image runs (Dockerfile.reconciler)
 *   lib/build-inputs.sha256          a digest of every input, so a checkout can tell a stale lib/
 *
 * Type checking stays with `npm run typecheck`; esbuild only strips types, which takes well under
 * a second, so `ensureBuilt()` can afford to rebuild whenever a source changed.
 *
 *   node scripts/build.mjs              build
 *   node scripts/build.mjs --if-stale   build only when the inputs changed since the last build
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const LIB = join(ROOT, 'lib');
const STAMP = join(LIB, 'build-inputs.sha256');

/** Folders whose TypeScript modules are transpiled one to one. */
const SOURCE_DIRS = ['src', 'imports'];
/** Further inputs: a changed lockfile may change a bundled dependency; a changed build script, the output. */
const OTHER_INPUTS = ['package-lock.json', 'scripts/build.mjs'];

/**
 * Programs bundled with everything they import into one file each, so a cold start resolves and
 * parses one module rather than hundreds: the CLI, and the worker thread that runs its validation
 * gate for large estates.
 */
/** @type {ReadonlyArray<readonly [string, string]>} */
const BUNDLED_PROGRAMS = [
  ['src/cli/main.ts', 'cli.mjs'],
  ['src/app/validation-worker.ts', 'validation-worker.mjs'],
];

/**
 * @param {typeof import('esbuild').build} esbuild
 * @param {string} entry
 * @param {string} outfile
 */
async function bundleProgram(esbuild, entry, outfile) {
  await esbuild({
    entryPoints: [join(ROOT, entry)],
    outfile,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    // Fewer bytes for V8 to parse at every start; names stay, so a stack trace still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    banner: { js: REQUIRE_SHIM },
  });
}

/**
 * esbuild settings of the reconciler bundle. CommonJS dependencies bundled into ESM call `require`
 * for Node built-ins, which ESM lacks: the banner provides one. Minified without legal comments,
 * names or source maps, so the bytes depend only on the sources, the lockfile and the pinned esbuild.
 * @returns {import('esbuild').BuildOptions}
 */
export function reconcilerBuildOptions() {
  return {
    entryPoints: [join(ROOT, 'src/reconciler/main.ts')],
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
    banner: { js: REQUIRE_SHIM },
  };
}

const REQUIRE_SHIM = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** @param {string} dir @returns {string[]} the TypeScript modules under `dir`, relative to the root, sorted */
function typescriptModules(dir) {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f).split(sep).join('/'))
    .sort();
}

/** @returns {string} sha256 over the path and bytes of every input, in a fixed order */
export function inputsDigest() {
  const hash = createHash('sha256');
  for (const file of [...SOURCE_DIRS.flatMap(typescriptModules), ...OTHER_INPUTS]) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(ROOT, file)))
      .update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

/** @returns {boolean} whether lib/ was built from the inputs as they are now */
export function isFresh(digest = inputsDigest()) {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === digest;
}

/**
 * Builds into a fresh folder beside lib/ and swaps it in only when every step succeeded, so a
 * failed build leaves the last good lib/ and a process reading lib/ never sees half of one.
 */
export async function build() {
  const { build: esbuild } = await import('esbuild');
  const digest = inputsDigest();
  const next = `${LIB}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  try {
    const entryPoints = SOURCE_DIRS.flatMap(typescriptModules).map((f) => join(ROOT, f));
    await esbuild({
      entryPoints,
      outdir: next,
      outbase: ROOT,
      absWorkingDir: ROOT,
      bundle: false,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      charset: 'utf8',
      logLevel: 'warning',
    });
    for (const [entry, out] of BUNDLED_PROGRAMS) await bundleProgram(esbuild, entry, join(next, out));
    await esbuild({ ...reconcilerBuildOptions(), outfile: join(next, 'reconciler.mjs') });
    writeFileSync(join(next, 'build-inputs.sha256'), `${digest}\n`);
    const old = `${LIB}.old-${process.pid}`;
    try {
      if (existsSync(LIB)) renameSync(LIB, old);
      renameSync(next, LIB);
    } catch (e) {
      // Another build of the same inputs swapped its lib/ in first: that one is as good as ours.
      if (!isFresh(digest)) throw e;
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
}

/**
 * Rebuilds lib/ when a source changed since the last build; a no-op costing one read of the
 * sources (a few milliseconds) when nothing did. The CLI and the test setup call it in a checkout
 * of this repository, so neither runs stale JavaScript; an installed package has no scripts/.
 */
export async function ensureBuilt() {
  if (isFresh()) return;
  process.stderr.write('tool-gateway: building lib/ from src/ (sources changed since the last build)\n');
  await build();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  try {
    if (ifStale) await ensureBuilt();
    else await build();
  } catch (e) {
    process.stderr.write(`build failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
