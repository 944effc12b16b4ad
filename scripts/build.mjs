// @ts-check
/**
 * Builds lib/ from the TypeScript sources (npm run build; npm ci runs it as `prepare`):
 *
 *   lib/src/**.js, lib/imports/*.js  every module of src/ (but the reconciler) and imports/,
 *                                    transpiled one to one: the library a cdk8s app imports
 *   lib/cli.cjs                      the CLI with everything it imports in one file, so a cold
 *                                    `tool-gateway` start resolves and parses one module, not hundreds
 *   lib/cli.cjs.cache                V8's code cache of it, written after a warm-up synth
 *   lib/validation-worker.mjs        the validation gate's worker thread, bundled the same way
 *   lib/main.mjs                     the default app (src/main.ts) bundled, which `npm run synth` runs
 *   lib/reconciler.mjs               the reconciler bundle that synth embeds in its ConfigMap and the
 *                                    prebuilt image runs (Dockerfile.reconciler)
 *   lib/reconciler.mjs.br            that bundle brotli-packed as synth packs it, read by synth
 *   lib/build-inputs.sha256          a digest of every input's size and time, so a checkout can tell a stale lib/
 *
 * and the declarations of the public API:
 *
 *   types/src/**.d.ts                tsc (tsconfig.build.json), which takes several seconds
 *
 * Type checking stays with `npm run typecheck`; esbuild only strips types, which takes about a
 * second, so `ensureBuilt()` can afford to rebuild lib/ whenever a source changed. It leaves
 * types/ alone: only the package (npm ci, npm pack) needs it, and those run the full build.
 *
 *   node scripts/build.mjs              build lib/ and types/
 *   node scripts/build.mjs --if-stale   build lib/ only, and only when the inputs changed since the last build
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const LIB = join(ROOT, 'lib');
const TYPES = join(ROOT, 'types');
const STAMP = join(LIB, 'build-inputs.sha256');

/** Folders whose TypeScript modules are transpiled one to one. */
const SOURCE_DIRS = ['src', 'imports'];
/** Further inputs: a changed lockfile may change a bundled dependency; a changed build script or declaration config, the output. */
const OTHER_INPUTS = ['package-lock.json', 'scripts/build.mjs', 'tsconfig.build.json'];

/**
 * Programs bundled with everything they import into one file each, so a cold start resolves and
 * parses one module rather than hundreds: the CLI, the worker thread that runs its validation
 * gate (`--jobs 2`), and the default app.
 */
/** @type {ReadonlyArray<readonly [string, string]>} */
const BUNDLED_PROGRAMS = [
  ['src/cli/main.ts', 'cli.cjs'],
  ['src/app/validation-worker.ts', 'validation-worker.mjs'],
  ['src/main.ts', 'main.mjs'],
];

/**
 * The `yaml` parser checks `process.env.LOG_TOKENS`, a debugging switch of its own, once for every
 * token it reads, and every read of `process.env` is a call into the runtime (about 1 µs): a fifth
 * of the time it takes to parse a large input (150,000 tokens at 1,000 routes). The bundles leave
 * the switch out; nothing else of the library changes. The build fails if the check is not found
 * where expected, so a new version of the library is looked at rather than silently slower.
 * @type {import('esbuild').Plugin}
 */
const yamlWithoutTokenLog = {
  name: 'yaml-without-token-log',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const check = 'if (node_process.env.LOG_TOKENS)';
      if (source.split(check).length !== 2) {
        throw new Error(`${args.path}: expected one "${check}"; see yamlWithoutTokenLog in scripts/build.mjs`);
      }
      return { contents: source.replace(check, 'if (false)'), loader: 'js' };
    });
  },
};

/**
 * esbuild settings of a bundled program; test/bin/cli-bundle.test.ts builds the CLI with them to
 * read esbuild's account of what the bundle holds.
 * @param {string} entry
 * @param {string} outfile
 * @returns {import('esbuild').BuildOptions}
 */
export function programBuildOptions(entry, outfile) {
  // The CLI is CommonJS so bin/cli-loader.js can compile it as a script with V8's code cache;
  // there, import.meta.url (which finds the package root) is the bundle's own URL.
  const cjs = outfile.endsWith('.cjs');
  return {
    entryPoints: [join(ROOT, entry)],
    outfile,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: cjs ? 'cjs' : 'esm',
    // ASCII, with other characters escaped: V8 holds a source of Latin-1 characters at one byte
    // each, and a single character beyond them (a "…" in a message) doubles the whole bundle's
    // source in memory. The strings are the same either way.
    charset: 'ascii',
    legalComments: 'none',
    logLevel: 'warning',
    // Fewer bytes for V8 to parse at every start; names stay, so a stack trace still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [englishZodMessagesOnly, yamlWithoutTokenLog],
    ...(cjs
      ? {
          define: { 'import.meta.url': '__bundleUrl' },
          banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
        }
      : { banner: { js: REQUIRE_SHIM } }),
  };
}

/**
 * zod re-exports every locale (`z.locales`, about 300 KiB of the bundle) though it only ever
 * configures English, which its schemas import directly, and we never change the locale. In the
 * bundles, zod's index of locales is replaced by one holding English alone: the messages are the
 * same bytes, and the others are neither read nor parsed at start.
 * @type {import('esbuild').Plugin}
 */
const englishZodMessagesOnly = {
  name: 'english-zod-messages-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? // Relative to the root, so the bundle's bytes do not depend on where the checkout is.
          { path: relative(ROOT, join(dirname(args.importer), '../locales/index.js')), namespace: 'zod-english-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(join(ROOT, args.path)),
      loader: 'js',
    }));
  },
};

/**
 * @param {typeof import('esbuild').build} esbuild
 * @param {string} entry
 * @param {string} outfile
 */
async function bundleProgram(esbuild, entry, outfile) {
  await esbuild(programBuildOptions(entry, outfile));
}

/**
 * Writes lib/cli.cjs.cache: V8's code cache of the CLI after it synthesized the example estate
 * into a temporary folder, so the functions a synth runs are compiled in it. It runs in a child
 * process with no Node flags, as the CLI runs: V8 rejects a cache made under other flags. Skipped
 * where the example is absent.
 */
function writeCodeCache() {
  const example = join(ROOT, 'examples/default-estate');
  if (!existsSync(example)) return;
  const out = mkdtempSync(join(tmpdir(), 'tool-gateway-warmup-'));
  const loader = new URL('../bin/cli-loader.js', import.meta.url).href;
  const warmUp = `
    const { loadCli } = await import(${JSON.stringify(loader)});
    const cli = loadCli();
    const quiet = { out: () => {}, err: (line) => process.stderr.write(line + '\\n') };
    const code = await cli.main(['synth', '--input', ${JSON.stringify(example)}, '--out', ${JSON.stringify(join(out, 'dist'))}], quiet);
    if (code !== 0) process.exit(code);
    cli.writeCache();`;
  try {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', warmUp], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    if (run.status !== 0) throw new Error(`the warm-up synth of examples/default-estate failed: ${run.stderr || run.error?.message}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * The Node the reconciler bundle runs on: the major of DEFAULT_RECONCILER_NODE_IMAGE
 * (src/compile/runtime/reconciler-options.ts) and of Dockerfile.reconciler, an LTS in support.
 * The rest of lib/ runs on the Node of whoever runs the CLI, so it keeps the floor of package.json's engines.
 */
export const RECONCILER_NODE_TARGET = 'node24';

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
    target: RECONCILER_NODE_TARGET,
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

/**
 * @param {string} dir
 * @returns {string[]} the TypeScript modules under `dir`, relative to the root, sorted. A walk of
 * its own: Node 20's `readdirSync(..., { recursive: true })` took 8 to 20 ms here, a walk with
 * file types 1 to 2 ms, and every CLI start in a checkout runs it.
 */
function typescriptModules(dir) {
  /** @type {string[]} */
  const found = [];
  /** @param {string} relativeDir */
  const walk = (relativeDir) => {
    for (const entry of readdirSync(join(ROOT, relativeDir), { withFileTypes: true })) {
      const path = `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * @returns {string} sha256 over the path, size and modification time of every input, in a fixed
 * order: a few milliseconds for a check that runs before every CLI start in a checkout, where
 * hashing the bytes took ten times as long. An edit, a checkout or a pull changes the time.
 */
export function inputsDigest() {
  const hash = createHash('sha256');
  for (const file of [...SOURCE_DIRS.flatMap(typescriptModules), ...OTHER_INPUTS]) {
    const { size, mtimeMs } = statSync(join(ROOT, file));
    hash.update(`${file}\0${size}\0${mtimeMs}\0`);
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
    // The reconciler runs only as its bundle (lib/reconciler.mjs); its modules are not part of the library.
    const modules = SOURCE_DIRS.flatMap(typescriptModules).filter((f) => !f.startsWith('src/reconciler/'));
    for (const generated of [false, true]) {
      await esbuild({
        entryPoints: modules.filter((f) => f.startsWith('imports/') === generated).map((f) => join(ROOT, f)),
        outdir: next,
        outbase: ROOT,
        absWorkingDir: ROOT,
        bundle: false,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        charset: 'utf8',
        // Our modules carry source maps with the sources inside, since src/ is not shipped: a
        // consumer's stack trace (--enable-source-maps) and debugger show the TypeScript line.
        // The generated imports/ would double the package for code nobody steps through.
        sourcemap: !generated,
        sourcesContent: true,
        logLevel: 'warning',
      });
    }
    for (const [entry, out] of BUNDLED_PROGRAMS) await bundleProgram(esbuild, entry, join(next, out));
    await esbuild({ ...reconcilerBuildOptions(), outfile: join(next, 'reconciler.mjs') });
    await packReconcilerBundle(next);
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
  // After the swap: the warm-up runs the CLI from lib/, which reads lib/reconciler.mjs.
  writeCodeCache();
}

/**
 * Writes `reconciler.mjs.br` beside the bundle in `dir`, packed by the compile step's own
 * compressBundle (just built into `dir`), so a synth reads the bytes it would have made instead of
 * spending tens of milliseconds on brotli.
 * @param {string} dir
 */
async function packReconcilerBundle(dir) {
  const { compressBundle } = await import(pathToFileURL(join(dir, 'src/compile/runtime/compress-bundle.js')).href);
  writeFileSync(join(dir, 'reconciler.mjs.br'), compressBundle(readFileSync(join(dir, 'reconciler.mjs'), 'utf8')));
}

const TYPES_STAMP = join(TYPES, 'build-inputs.sha256');

/**
 * Writes types/ when it is missing or older than the sources (a checkout whose lib/ only
 * `ensureBuilt` kept current). Tests of the package call it; the CLI does not need types/.
 */
export function ensureDeclarations() {
  const digest = inputsDigest();
  if (!existsSync(TYPES_STAMP) || readFileSync(TYPES_STAMP, 'utf8').trim() !== digest) buildDeclarations(digest);
}

/**
 * Writes types/ with tsc into a fresh folder and swaps it in, like lib/.
 */
function buildDeclarations(digest = inputsDigest()) {
  const next = `${TYPES}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  try {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', next], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`tsc could not write the declarations:\n${run.stdout}${run.stderr}`);
    // imports/ is compiled only because src/ imports it; no public type reaches it.
    rmSync(join(next, 'imports'), { recursive: true, force: true });
    writeFileSync(join(next, 'build-inputs.sha256'), `${digest}\n`);
    const old = `${TYPES}.old-${process.pid}`;
    if (existsSync(TYPES)) renameSync(TYPES, old);
    renameSync(next, TYPES);
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
    else {
      await build();
      buildDeclarations();
    }
  } catch (e) {
    process.stderr.write(`build failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
