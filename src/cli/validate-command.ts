import { parseArgs } from 'node:util';
import type { Console } from '../app/report.js';
import { maxFileSizeOf } from './max-file-size-of.js';
import { USAGE } from './usage.js';
import { validateManifestFiles } from './validate-files.js';

/** `tool-gateway validate`: the exit code. */
export function validateCommand(args: string[], c: Console): number {
  const { values, positionals } = parseArgs({
    args,
    options: { 'max-file-size': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) {
    c.err('validate needs at least one file or directory\n' + USAGE);
    return 2;
  }
  const maxFileSize = maxFileSizeOf(values['max-file-size'], c);
  if (maxFileSize === undefined) return 2;
  return validateManifestFiles(positionals, c, process.cwd(), maxFileSize);
}
