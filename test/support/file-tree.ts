import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every file below `dir`, by its path relative to `dir`, with its content; sorted, so that a
 * comparison never depends on readdir order. `latin1` reads any bytes back one to one.
 */
export function readTree(dir: string, encoding: BufferEncoding = 'utf8'): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, encoding);
    }
  };
  walk(dir);
  return out;
}
