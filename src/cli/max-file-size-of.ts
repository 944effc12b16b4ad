import { DEFAULT_MAX_FILE_SIZE } from '../intent/read-input-files.js';
import type { Console } from '../app/report.js';
import { parseByteSize } from './byte-size.js';
import { USAGE } from './usage.js';

export /** `--max-file-size` in bytes; undefined (after printing why) when it is not a size. */
function maxFileSizeOf(text: string | undefined, c: Console): number | undefined {
  if (text === undefined) return DEFAULT_MAX_FILE_SIZE;
  const size = parseByteSize(text);
  if (typeof size === 'number') return size;
  c.err(`--max-file-size: ${size.error}\n${USAGE}`);
  return undefined;
}
