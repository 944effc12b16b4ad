import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { ValidationOptions } from '../../src/app/validation-in-worker.js';

const BIN = join(process.cwd(), 'bin/tool-gateway.js');

/** What one `tool-gateway` command did: its exit code and what it printed. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `tool-gateway <args>` as a child process from the repository root, exactly as a user
 * would. Each run pays node and tsx start-up (about a second), so only tests of the binary
 * itself (exit codes, nothing on stderr but the problems) use it; the rest call `runMain`.
 */
export function runCli(args: readonly string[]): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: process.cwd() });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the command in this process through `main()`, the function the binary calls, with the
 * lines it prints collected as the binary would print them.
 */
export async function runMain(args: readonly string[], validation: ValidationOptions = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args], { out: (line) => out.push(`${line}\n`), err: (line) => err.push(`${line}\n`) }, validation);
  return { code, stdout: out.join(''), stderr: err.join('') };
}
