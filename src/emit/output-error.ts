import { fsErrorText } from '../contracts/fs-error-text.js';
import { pathText } from '../contracts/value-text.js';

/**
 * A fault of the output directory a user can fix (a file where the directory goes, a read-only
 * directory, a full disk, a prune past the limit), as one line that names the path and the cause.
 * The CLI and `runApp` print it without a stack trace and exit 1.
 */
export class OutputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OutputError';
  }

  /** `<what> <path>: <cause>`, e.g. `cannot write "dist/a.yaml": permission denied`. */
  static of(what: string, err: unknown, fallbackPath?: string): OutputError {
    const path = errorPath(err) ?? fallbackPath;
    return new OutputError(`${what}${path === undefined ? '' : ` ${pathText(path)}`}: ${fsErrorText(err)}`, { cause: err });
  }
}

/** The path a Node file-system error is about, when it says. */
function errorPath(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('path' in err)) return undefined;
  return typeof err.path === 'string' ? err.path : undefined;
}
