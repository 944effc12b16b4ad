import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The folder of this package's package.json: the nearest one above this module. The module runs
 * from src/contracts (through a TypeScript loader), lib/src/contracts (compiled) or lib/ (bundled
 * into the CLI), so files that ship beside the code, such as imports/schemas and lib/reconciler.mjs,
 * are found from the root rather than from a path relative to this file.
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return (root = dir);
    if (dirname(dir) === dir) throw new Error(`no package.json in ${start} or any folder above it`);
  }
}

/** A path inside this package, from '/'-separated segments relative to its root. */
export function packageFile(relativePath: string): string {
  return join(packageRoot(), ...relativePath.split('/'));
}
