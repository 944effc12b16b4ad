import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathText } from '../contracts/value-text.js';

/**
 * Why `--out` may not be written next to these inputs, or undefined when it may. Synth replaces
 * `--out` as a whole, so an input inside it would be deleted by the run that reads it; an `--out`
 * inside an input would be read back as input by the next run. Paths are compared as real paths,
 * so a symlink or `..` cannot hide an overlap.
 */
export function inputOutputOverlap(inputs: readonly string[], out: string): string | undefined {
  const realOut = realPathOf(out);
  for (const input of inputs) {
    const realInput = realPathOf(input);
    const what = `--out ${pathText(out)}`;
    if (realInput === realOut) return `${what} is the same directory as --input ${pathText(input)}; write the output elsewhere`;
    if (isInside(realOut, realInput)) return `${what} is inside --input ${pathText(input)}; the next run would read the output as input`;
    if (isInside(realInput, realOut)) return `${what} contains --input ${pathText(input)}; writing the output would delete the input`;
  }
  return undefined;
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** The real path, for a path that may not exist yet: its nearest existing ancestor's real path plus the rest. */
function realPathOf(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(realPathOf(parent), basename(abs));
  }
}
