const UNITS: Readonly<Record<string, number>> = { '': 1, B: 1, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3 };

/**
 * A size as `--max-file-size` takes it: a whole number of bytes, or one followed by KiB, MiB or
 * GiB (case-insensitive). A message saying what is allowed for anything else.
 */
export function parseByteSize(text: string): number | { error: string } {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = UNITS[(match?.[2] ?? '').toUpperCase()];
  const bytes = match && unit !== undefined ? Number(match[1]) * unit : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    return {
      error: `${JSON.stringify(text)} is not a size; allowed: a positive whole number of bytes, or one followed by KiB, MiB or GiB (e.g. 64MiB)`,
    };
  }
  return bytes;
}
