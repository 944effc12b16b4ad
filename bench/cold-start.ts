/**
 * Cold starts, as whole processes, side by side: the CLI on the example estate through npx (in a
 * project that depends on the package, and in this repository) and directly, the default app
 * through `npm run synth`, and what npx and npm cost on their own.
 *
 * The project is made the way npm installs a dependency: the package packed (`npm pack`), unpacked
 * under its `node_modules/cdk8s-tool-gateway`, and its bin linked in `node_modules/.bin`. There npx
 * finds the bin and runs it. In this repository npx runs the package's own bin differently: npm
 * 11 first installs the package into its npx cache, reading both dependency trees, which costs
 * more than the synth.
 *
 *   npm run bench:cold-start [-- --rounds 5]
 *
 * Each round runs every command once, in rotating order, into a fresh temporary directory, and
 * GNU time (`/usr/bin/time`) measures wall time and peak RSS (the largest process of the tree).
 * Prints the medians as a Markdown table.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { median, measure, requireGnuTime } from './gnu-time.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Command {
  readonly name: string;
  readonly argv: (out: string) => string[];
  /** Where it runs; the repository root when absent. */
  readonly cwd?: string;
}

/** A project depending on the package as npm installs it (see above); removed at the end. */
function consumerProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-consumer-'));
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('npm pack wrote no tarball');
  const packageDir = join(dir, 'node_modules', 'cdk8s-tool-gateway');
  mkdirSync(packageDir, { recursive: true });
  const untar = spawnSync('tar', ['-xzf', join(dir, tarball), '-C', packageDir, '--strip-components=1'], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  mkdirSync(join(dir, 'node_modules', '.bin'));
  symlinkSync('../cdk8s-tool-gateway/bin/tool-gateway.js', join(dir, 'node_modules', '.bin', 'tool-gateway'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true })}\n`);
  return dir;
}

requireGnuTime();
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${values.rounds}`);
// Build first, so no round pays for a rebuild of lib/.
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');
const consumer = consumerProject();
const example = join(ROOT, 'examples/default-estate');

const COMMANDS: readonly Command[] = [
  {
    name: '`npx tool-gateway synth --input <example> --out <tmp>` in a project depending on the package',
    argv: (out) => ['npx', 'tool-gateway', 'synth', '--input', example, '--out', out],
    cwd: consumer,
  },
  {
    name: '`npx tool-gateway synth --input examples/default-estate --out <tmp>` in this repository',
    argv: (out) => ['npx', 'tool-gateway', 'synth', '--input', 'examples/default-estate', '--out', out],
  },
  {
    name: '`node bin/tool-gateway.js synth --input examples/default-estate --out <tmp>`',
    argv: (out) => ['node', 'bin/tool-gateway.js', 'synth', '--input', 'examples/default-estate', '--out', out],
  },
  {
    name: '`npx tool-gateway --version` in a project depending on the package',
    argv: () => ['npx', 'tool-gateway', '--version'],
    cwd: consumer,
  },
  { name: '`npx -c true` (npx alone, in this repository)', argv: () => ['npx', '-c', 'true'] },
  { name: '`npm run synth -- --check` (the default app)', argv: () => ['npm', 'run', '--silent', 'synth', '--', '--check'] },
  { name: '`npm run env` (npm alone)', argv: () => ['npm', 'run', '--silent', 'env'] },
];

const samples = new Map<string, { wall: number[]; rss: number[] }>(COMMANDS.map((c) => [c.name, { wall: [], rss: [] }]));
try {
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < COMMANDS.length; i++) {
      const command = COMMANDS[(i + round) % COMMANDS.length] as Command;
      const out = mkdtempSync(join(tmpdir(), 'bench-cold-start-'));
      try {
        const m = measure(command.argv(join(out, 'dist')), command.cwd ?? ROOT);
        const s = samples.get(command.name)!;
        s.wall.push(m.wallSeconds);
        s.rss.push(m.peakRssKiB);
        process.stderr.write(
          `round ${round + 1}/${rounds}: ${command.name} ${m.wallSeconds.toFixed(2)} s, ${Math.round(m.peakRssKiB / 1024)} MiB\n`,
        );
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }
  }
} finally {
  rmSync(consumer, { recursive: true, force: true });
}
console.log(`| command | median wall (${rounds} runs) | median peak RSS |\n|---|---:|---:|`);
for (const [name, s] of samples) console.log(`| ${name} | ${median(s.wall).toFixed(2)} s | ${Math.round(median(s.rss) / 1024)} MiB |`);
