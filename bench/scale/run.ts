/**
 * Synth at estate scale: our CLI against the floor and plain cdk8s, each as a whole process.
 *
 *   npm run bench:scale [-- --sizes 1000,10000] [--rounds 3] [--ours-rounds N] [--ours-args "--jobs 2"] [--check-output] [--keep]
 *
 * For each size (routes; default 1000 and 10000) it generates the estate (generate-estate.ts) into a
 * temporary directory, runs our synth once to prepare `objects.json` (every object it emitted), then
 * runs ours, the floor (floor.ts) and plain cdk8s (plain-cdk8s.ts) for `--rounds` rounds, alternating
 * and rotating which goes first. Every run starts a fresh process writing into a fresh empty directory,
 * and the directories are deleted only when the bench ends: on ext4 without a journal, creating a file
 * passes over every inode freed in the last minutes (recently_deleted in fs/ext4/ialloc.c), so deleting
 * one run's tree right before the next run made the next program pay for it. Each run is measured by GNU time: wall time (`%e`), peak resident set size (`%M`, the largest process
 * of the tree) and user+sys CPU time. Prints a Markdown table of medians and the ratios ours/floor and
 * ours/cdk8s; progress goes to stderr. `--ours-rounds` runs ours fewer times than the others. `--ours-args` appends flags to our synth's command line (e.g. `--jobs 2`). `--check-output` also asserts that every run of ours, the preparing one included, wrote
 * the same tree (same paths, same bytes).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSync } from 'esbuild';
import { median, measure, requireGnuTime, type Sample } from '../gnu-time.js';
import { writeEstate } from './generate-estate.js';
import { collectObjects } from './objects-file.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Program = 'ours' | 'floor' | 'cdk8s';
const PROGRAMS: readonly Program[] = ['ours', 'floor', 'cdk8s'];

interface RunPaths {
  readonly estateDir: string;
  readonly objectsFile: string;
  readonly outDir: string;
}

/**
 * How each program is launched, run from the repository root, all three as compiled JavaScript:
 * ours is the CLI that `npm run build` bundles (bin/tool-gateway.js runs lib/cli.cjs), and the
 * floor and plain cdk8s are bundled the same way by `compilePrograms`, so none of them pays for
 * a TypeScript loader.
 */
const oursArgs: string[] = [];
const COMMANDS: Record<Program, (p: RunPaths) => string[]> = {
  ours: (p) => ['node', 'bin/tool-gateway.js', 'synth', '--input', p.estateDir, '--out', p.outDir, ...oursArgs],
  floor: (p) => ['node', compiledProgram('floor'), p.objectsFile, p.outDir],
  cdk8s: (p) => ['node', compiledProgram('plain-cdk8s'), p.objectsFile, p.outDir],
};

/** Where the compiled floor and plain-cdk8s programs go: inside the repository, so their imports resolve. */
const COMPILED_DIR = join(ROOT, 'node_modules/.cache/bench-scale');

function compiledProgram(name: 'floor' | 'plain-cdk8s'): string {
  return join(COMPILED_DIR, `${name}.mjs`);
}

/**
 * Compiles floor.ts and plain-cdk8s.ts with esbuild as the build compiles the CLI (one file each;
 * dependencies stay in node_modules, as the floor's only dependency is `yaml` and cdk8s's own
 * layout is the thing measured), and makes sure lib/ is current.
 */
function compilePrograms(): void {
  for (const name of ['floor', 'plain-cdk8s'] as const) {
    buildSync({
      entryPoints: [join(ROOT, `bench/scale/${name}.ts`)],
      outfile: compiledProgram(name),
      bundle: true,
      packages: 'external',
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'warning',
    });
  }
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

/** sha256 over the sorted relative paths and contents of every file under `dir`. */
function treeDigest(dir: string): string {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((file) => ({ file, path: relative(dir, file).split(sep).join('/') }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash('sha256');
  for (const { file, path } of files) hash.update(path).update('\0').update(readFileSync(file)).update('\0');
  return `${files.length} files, sha256:${hash.digest('hex')}`;
}

const seconds = (s: number): string => `${s.toFixed(2)} s`;
const mib = (kib: number): string => `${Math.round(kib / 1024)} MiB`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

interface SizeResult {
  readonly routes: number;
  readonly objects: number;
  readonly samples: Record<Program, Sample[]>;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function benchSize(work: string, routes: number, rounds: number, oursRounds: number, checkOutput: boolean): SizeResult {
  const base = join(work, String(routes));
  const estateDir = join(base, 'estate');
  const objectsFile = join(base, 'objects.json');
  let runs = 0;
  const freshOut = (): string => {
    const dir = join(base, `out-${runs++}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  writeEstate(estateDir, routes);
  const prepareOut = freshOut();
  log(`${routes} routes: preparing objects.json with one run of ours (not counted)...`);
  const prepare = measure(COMMANDS.ours({ estateDir, objectsFile, outDir: prepareOut }), ROOT);
  const objects = collectObjects(prepareOut, objectsFile);
  const digests = checkOutput ? [treeDigest(prepareOut)] : [];
  log(`${routes} routes: ${objects} objects; preparing run took ${seconds(prepare.wallSeconds)}, ${mib(prepare.peakRssKiB)}`);

  const samples: Record<Program, Sample[]> = { ours: [], floor: [], cdk8s: [] };
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so no program always runs right after the same other one.
    const order = PROGRAMS.map((_, i) => PROGRAMS[(i + round) % PROGRAMS.length] as Program);
    for (const program of order) {
      if (program === 'ours' && round >= oursRounds) continue;
      const outDir = freshOut();
      const sample = measure(COMMANDS[program]({ estateDir, objectsFile, outDir }), ROOT);
      samples[program].push(sample);
      log(
        `${routes} routes, round ${round + 1}/${rounds}: ${program} ${seconds(sample.wallSeconds)}, ${mib(sample.peakRssKiB)}, CPU ${seconds(sample.cpuSeconds)}`,
      );
      if (checkOutput && program === 'ours') digests.push(treeDigest(outDir));
    }
  }
  if (checkOutput) {
    const distinct = [...new Set(digests)];
    if (distinct.length !== 1) throw new Error(`${routes} routes: our runs wrote different trees:\n  ${digests.join('\n  ')}`);
    log(`${routes} routes: all ${digests.length} runs of ours wrote the same tree (${distinct[0]})`);
  }
  return { routes, objects, samples };
}

function table(results: readonly SizeResult[]): string {
  const rows = [
    '| estate | objects | ours wall | ours peak RSS | floor wall | floor peak RSS | cdk8s wall | cdk8s peak RSS | ours/floor wall | ours/floor RSS | ours/cdk8s wall | ours/cdk8s RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const wall = (p: Program): number => median(r.samples[p].map((s) => s.wallSeconds));
    const rss = (p: Program): number => median(r.samples[p].map((s) => s.peakRssKiB));
    rows.push(
      `| ${r.routes.toLocaleString('en-US')} routes | ${r.objects.toLocaleString('en-US')} ` +
        `| ${seconds(wall('ours'))} | ${mib(rss('ours'))} | ${seconds(wall('floor'))} | ${mib(rss('floor'))} ` +
        `| ${seconds(wall('cdk8s'))} | ${mib(rss('cdk8s'))} ` +
        `| ${ratio(wall('ours'), wall('floor'))} | ${ratio(rss('ours'), rss('floor'))} ` +
        `| ${ratio(wall('ours'), wall('cdk8s'))} | ${ratio(rss('ours'), rss('cdk8s'))} |`,
    );
  }
  const lines = [rows.join('\n'), ''];
  if (oursArgs.length > 0) lines.push(`ours ran with ${oursArgs.join(' ')}.`);
  for (const r of results) {
    const cpu = (p: Program): number => median(r.samples[p].map((s) => s.cpuSeconds));
    lines.push(
      `${r.routes} routes: medians of ${PROGRAMS.map((p) => `${p} ${r.samples[p].length}`).join(', ')} runs; ` +
        `CPU time (user+sys) ours ${seconds(cpu('ours'))}, floor ${seconds(cpu('floor'))}, cdk8s ${seconds(cpu('cdk8s'))}.`,
    );
  }
  const first = results[0];
  const last = results[results.length - 1];
  if (first && last && last.routes > first.routes) {
    const scale = PROGRAMS.map((p) => {
      const w = (r: SizeResult): number => median(r.samples[p].map((s) => s.wallSeconds));
      return `${p} ${ratio(w(last), w(first))}`;
    });
    lines.push(
      `Wall time from ${first.routes} to ${last.routes} routes (${ratio(last.routes, first.routes)} the routes): ${scale.join(', ')}.`,
    );
  }
  return lines.join('\n');
}

function positiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return n;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000' },
      rounds: { type: 'string', default: '3' },
      'ours-rounds': { type: 'string' },
      'check-output': { type: 'boolean', default: false },
      'ours-args': { type: 'string', default: '' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  requireGnuTime();
  const sizes = values.sizes
    .split(',')
    .map((s) => positiveInt('sizes', s.trim()))
    .sort((a, b) => a - b);
  const rounds = positiveInt('rounds', values.rounds);
  const oursRounds = Math.min(rounds, positiveInt('ours-rounds', values['ours-rounds'] ?? values.rounds));
  oursArgs.push(...values['ours-args'].split(' ').filter((a) => a !== ''));
  compilePrograms();
  const work = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const started = Date.now();
  try {
    const results = sizes.map((routes) => benchSize(work, routes, rounds, oursRounds, values['check-output']));
    console.log(table(results));
    log(`bench:scale took ${seconds((Date.now() - started) / 1000)}`);
    return 0;
  } finally {
    if (values.keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
