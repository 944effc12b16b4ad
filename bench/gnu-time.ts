/**
 * Whole-process measurements with GNU time (`/usr/bin/time`, Debian package `time`), shared by the
 * benchmarks that time commands as a user runs them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

/** One run of a command. */
export interface Sample {
  readonly wallSeconds: number;
  /** Peak resident set size of the largest process of the tree, in KiB. */
  readonly peakRssKiB: number;
  /** User plus system CPU time: less sensitive than wall time to other load on the machine. */
  readonly cpuSeconds: number;
}

/** Throws a readable error when GNU time is missing. */
export function requireGnuTime(): void {
  if (!existsSync(GNU_TIME))
    throw new Error(`${GNU_TIME} (GNU time) is missing; it measures wall time and peak RSS. Install it: apt-get install time`);
}

/** Runs `argv` in `cwd` under GNU time; throws with the end of stderr if it exits non-zero. */
export function measure(argv: readonly string[], cwd: string): Sample {
  const timeFile = join(tmpdir(), `gnu-time-${process.pid}.txt`);
  const result = spawnSync(GNU_TIME, ['-o', timeFile, '-f', '%e %M %U %S', ...argv], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${argv.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stderr.slice(-4000)}`);
  }
  // GNU time writes "Command exited with non-zero status" lines before the format on failure; the
  // last line is always the format.
  const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
  rmSync(timeFile, { force: true });
  const fields = (lines[lines.length - 1] ?? '').split(' ').map(Number);
  const [wall, rss, user, system] = fields;
  if (
    fields.length !== 4 ||
    wall === undefined ||
    rss === undefined ||
    user === undefined ||
    system === undefined ||
    fields.some(Number.isNaN)
  ) {
    throw new Error(`cannot read GNU time's output ${JSON.stringify(lines)}`);
  }
  return { wallSeconds: wall, peakRssKiB: rss, cpuSeconds: user + system };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
