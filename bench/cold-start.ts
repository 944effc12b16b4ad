/**
 * Cold starts, as whole processes, side by side: the CLI on the example estate through npx and
 * directly, the default app through `npm run synth`, and what npx and npm cost on their own.
 *
 *   npm run bench:cold-start [-- --rounds 5]
 *
 * Each round runs every command once, in rotating order, into a fresh temporary directory, and
 * GNU time (`/usr/bin/time`) measures wall time and peak RSS (the largest process of the tree).
 * Prints the medians as a Markdown table.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { median, measure, requireGnuTime } from './gnu-time.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Command {
  readonly name: string;
  readonly argv: (out: string) => string[];
}

const COMMANDS: readonly Command[] = [
  {
    name: '`npx tool-gateway synth --input examples/default-estate --out <tmp>`',
    argv: (out) => ['npx', 'tool-gateway', 'synth', '--input', 'examples/default-estate', '--out', out],
  },
  {
    name: '`node bin/tool-gateway.js synth --input examples/default-estate --out <tmp>`',
    argv: (out) => ['node', 'bin/tool-gateway.js', 'synth', '--input', 'examples/default-estate', '--out', out],
  },
  { name: '`npx -c true` (npx alone, in this repository)', argv: () => ['npx', '-c', 'true'] },
  { name: '`npm run synth -- --check` (the default app)', argv: () => ['npm', 'run', '--silent', 'synth', '--', '--check'] },
  { name: '`npm run env` (npm alone)', argv: () => ['npm', 'run', '--silent', 'env'] },
];

requireGnuTime();
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${values.rounds}`);
// Build first, so no round pays for a rebuild of lib/.
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');

const samples = new Map<string, { wall: number[]; rss: number[] }>(COMMANDS.map((c) => [c.name, { wall: [], rss: [] }]));
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < COMMANDS.length; i++) {
    const command = COMMANDS[(i + round) % COMMANDS.length] as Command;
    const out = mkdtempSync(join(tmpdir(), 'bench-cold-start-'));
    try {
      const m = measure(command.argv(join(out, 'dist')), ROOT);
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
console.log(`| command | median wall (${rounds} runs) | median peak RSS |\n|---|---:|---:|`);
for (const [name, s] of samples) console.log(`| ${name} | ${median(s.wall).toFixed(2)} s | ${Math.round(median(s.rss) / 1024)} MiB |`);
