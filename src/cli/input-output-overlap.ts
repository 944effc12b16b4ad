import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathText } from '../contracts/value-text.js';

/**
 * Why `--out` may not be written next to these inputs, or undefined when it may. Synth replaces
 * `--out` as a whole (`flag` names the inputs in the message: `--input` or `--import`) and owns what it generated there, so an input inside it would be swapped and
 * copied along with the output; an `--out` inside an input would be read back as input by the next
 * run, which then fails on every object defined twice. Paths are compared as real paths,
 * so a symlink or `..` cannot hide an overlap.
 */
export function inputOutputOverlap(inputs: readonly string[], out: string, flag = '--input'): string | undefined {
  const realOut = realPathOf(out);
  for (const input of inputs) {
    const realInput = realPathOf(input);
    const what = `--out ${pathText(out)}`;
    if (realInput === realOut) return `${what} is the same directory as ${flag} ${pathText(input)}; write the output elsewhere`;
    if (isInside(realOut, realInput)) {
      return `${what} is inside ${flag} ${pathText(input)}; the next run would read the output as input, so write it elsewhere`;
    }
    if (isInside(realInput, realOut)) {
      return `${what} contains ${flag} ${pathText(input)}; the input would become part of the output, so keep them apart`;
    }
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
