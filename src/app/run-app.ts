import { parseArgs } from 'node:util';
import type { ToolGatewayApp } from './tool-gateway-app.js';
import { SynthError } from '../contracts/problem.js';
import { printCheck, printProblems, printWritten, processConsole, type Console } from './report.js';

/**
 * Runs a TypeScript app from the command line, as `npm run synth` does: writes its output,
 * or with `--check` compares it with what is on disk. User mistakes print as one line each
 * and exit 1, without a stack trace. Returns the exit code (also set on `process.exitCode`).
 */
export function runApp(app: ToolGatewayApp, argv: readonly string[] = process.argv.slice(2), c: Console = processConsole): number {
  let code: number;
  try {
    const { values } = parseArgs({ args: [...argv], options: { check: { type: 'boolean', default: false } }, strict: true });
    if (values.check) {
      const plan = app.check();
      printProblems(app.lastWarnings, c);
      code = printCheck(app.outdir, plan, c, 'npm run synth');
    } else {
      const plan = app.synthesize();
      printProblems(app.lastWarnings, c);
      printWritten(app.outdir, plan, c);
      code = 0;
    }
  } catch (e) {
    if (e instanceof SynthError) {
      printProblems(e.problems, c);
    } else if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      c.err(`${e.message}; the only option is --check`);
    } else {
      throw e;
    }
    code = 1;
  }
  process.exitCode = code;
  return code;
}
