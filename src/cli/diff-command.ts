import { parseArgs } from 'node:util';
import { printProblems, type Console } from '../app/report.js';
import { formatProblem } from '../contracts/problem.js';
import { valueText } from '../contracts/value-text.js';
import { exposureDiff } from '../explain/exposure-diff.js';
import { renderExposureJson, renderExposureMarkdown } from '../explain/render-exposure-diff.js';
import { readDiffSide, sideSource, type DiffSide } from './diff-side.js';
import { maxFileSizeOf } from './max-file-size-of.js';
import { USAGE } from './usage.js';

/** `tool-gateway diff`: the exit code (3 when `--fail-on weaken` and something weakened). */
export function diffCommand(args: string[], c: Console): number {
  const { values } = parseArgs({
    args,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      json: { type: 'boolean', default: false },
      'fail-on': { type: 'string' },
      'cluster-domain': { type: 'string' },
      'max-file-size': { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.base === undefined || values.head === undefined) {
    c.err('diff needs --base and --head\n' + USAGE);
    return 2;
  }
  if (values['fail-on'] !== undefined && values['fail-on'] !== 'weaken') {
    c.err(`--fail-on ${valueText(values['fail-on'])} is not a condition; allowed: weaken\n${USAGE}`);
    return 2;
  }
  const maxFileSize = maxFileSizeOf(values['max-file-size'], c);
  if (maxFileSize === undefined) return 2;
  const cwd = process.cwd();
  const sides: Partial<Record<'base' | 'head', DiffSide>> = {};
  for (const [flag, text, other] of [
    ['base', values.base, values.head],
    ['head', values.head, values.base],
  ] as const) {
    const source = sideSource(`--${flag}`, text, other, cwd);
    if (typeof source === 'string') {
      c.err(formatProblem({ severity: 'error', message: source }));
      return 1;
    }
    const side = readDiffSide(source, { maxFileSize, clusterDomain: values['cluster-domain'] }, cwd);
    if ('problems' in side) {
      // Warnings about either side are synth's to print; a diff stops only at errors.
      printProblems(
        side.problems.filter((p) => p.severity === 'error'),
        c,
        `nothing to compare (--${flag})`,
      );
      return 1;
    }
    sides[flag] = side;
  }
  const { base, head } = sides as Record<'base' | 'head', DiffSide>;
  const notes: string[] = [];
  const output = (['base', 'head'] as const).filter((f) => (f === 'base' ? base : head).kind === 'output');
  if (output.length > 0) {
    notes.push(
      `Production mode and the allowedNamespaces of ToolServers and Guards leave no trace in synthesized output (--${output.join(' and --')}), so they were not compared; compare intent directories to see them.`,
    );
  }
  const changes = exposureDiff(base.facts, head.facts);
  c.out(values.json ? renderExposureJson(changes, notes) : renderExposureMarkdown(changes, notes));
  return values['fail-on'] === 'weaken' && changes.some((ch) => ch.effect === 'weakened') ? 3 : 0;
}
