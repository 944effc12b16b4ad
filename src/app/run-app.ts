import { parseArgs } from 'node:util';
import type { ToolGatewayApp } from './tool-gateway-app.js';
import { SynthError, formatProblem } from '../contracts/problem.js';
import { OutputError } from '../emit/output-error.js';
import { printCheck, printProblems, printWritten, processConsole, type Console } from './report.js';

/**
 * Runs a TypeScript app from the command line, as `npm run synth` does: writes its output,
 * or with `--check` compares it with what is on disk. User mistakes and faults of the output
 * directory print as one line each and exit 1, without a stack trace. `--prune-ok` and
 * `--max-prune <percent>` tune the guard against deleting most of the generated files. Returns the exit code (also set on `process.exitCode`).
 */
export function runApp(app: ToolGatewayApp, argv: readonly string[] = process.argv.slice(2), c: Console = processConsole): number {
  let code: number;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        check: { type: 'boolean', default: false },
        'prune-ok': { type: 'boolean', default: false },
        'max-prune': { type: 'string' },
      },
      strict: true,
    });
    const maxPrune = values['max-prune'] === undefined ? undefined : Number(values['max-prune']);
    if (maxPrune !== undefined && !(maxPrune >= 0 && maxPrune <= 100)) {
      throw new OutputError(`--max-prune must be a percentage from 0 to 100, got ${JSON.stringify(values['max-prune'])}`);
    }
    if (values.check) {
      const plan = app.check();
      printProblems(app.lastWarnings, c);
      code = printCheck(app.outdir, plan, c, 'npm run synth');
    } else {
      const plan = app.synthesize({ maxPrune, pruneOk: values['prune-ok'] });
      printProblems(app.lastWarnings, c);
      printWritten(app.outdir, plan, c);
      code = 0;
    }
  } catch (e) {
    if (e instanceof SynthError) {
      printProblems(e.problems, c);
    } else if (e instanceof OutputError) {
      c.err(formatProblem({ severity: 'error', message: e.message }));
    } else if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      c.err(`${e.message}; the options are --check, --prune-ok and --max-prune <percent>`);
    } else {
      throw e;
    }
    code = 1;
  }
  process.exitCode = code;
  return code;
}
