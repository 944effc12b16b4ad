import { readFileSync } from 'node:fs';
import type { ValidationOptions } from '../app/validation-in-worker.js';
import { processConsole, type Console } from '../app/console.js';
import { packageFile } from '../contracts/package-files.js';
import { formatProblem } from '../contracts/problem.js';
import { OutputError } from '../emit/output-error.js';
import { USAGE } from './usage.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Writes V8's code cache of each precompiled validator this process loaded without one V8 took,
 * with V8's flags as they are while a command runs (see young-generation.ts). bin/cli-loader.js
 * calls it beside writing the CLI's own cache, after a synth; it throws where the package may not
 * be written.
 */
export async function writeCodeCaches(): Promise<void> {
  const { shippedValidators } = await import('../validate/precompiled-validators.js');
  await held(() => shippedValidators().writeCodeCaches());
}

/** `run` with the young generation held (see young-generation.ts), imported only when a command runs. */
async function held<T>(run: () => T | Promise<T>): Promise<T> {
  return (await import('./young-generation.js')).withYoungGenerationHeld(run);
}

/**
 * Entry point of the `tool-gateway` command. Resolves to the exit code. `validation` tunes where
 * synth runs the validation gate (tests force the worker thread on small estates).
 */
export async function main(argv: readonly string[], c: Console = processConsole, validation: ValidationOptions = {}): Promise<number> {
  const [command, ...rest] = argv;
  try {
    // Each command's module is imported when that command runs, so a start pays only for the
    // command it runs: `--help` initializes none of them, synth not the explain code. In
    // lib/cli.cjs they stay in the one file (V8's code cache covers one script) but are
    // initialized on demand.
    switch (command) {
      // The commands that read a whole estate run with the young generation held at its size once
      // their modules are loaded (see young-generation.ts).
      case 'synth': {
        const { synthCommand } = await import('./synth-command.js');
        return await held(() => synthCommand(rest, c, validation));
      }
      case 'validate': {
        const { validateCommand } = await import('./validate-command.js');
        return await held(() => validateCommand(rest, c));
      }
      case 'explain':
        return (await import('./explain-command.js')).explainCommand(rest, c);
      case 'graph':
        return (await import('./graph-command.js')).graphCommand(rest, c);
      case 'diff': {
        const { diffCommand } = await import('./diff-command.js');
        return await held(() => diffCommand(rest, c));
      }
      case '--version':
        c.out(version());
        return 0;
      case '--help':
      case '-h':
      case undefined:
        c.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        c.err(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      c.err(`${e.message}\n${USAGE}`);
      return 2;
    }
    // A fault of --out (a file in its place, a read-only directory, a full disk): one line, no stack.
    if (e instanceof OutputError) {
      c.err(formatProblem({ severity: 'error', message: e.message }));
      return 1;
    }
    throw e;
  }
}
