import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_RUNTIME_ASSETS } from './runtime-assets.js';
import { synthYamlInput } from './synth-files.js';

/**
 * Golden cases: `test/golden/<case>/input/` holds intent YAML, `test/golden/<case>/expected/`
 * the tree `tool-gateway synth --input <case>/input` writes for it, byte for byte. One test
 * compares the two for every case; `npm run golden:update` rewrites every expected/ tree.
 *
 * Cases build with the stand-in reconciler bundle, so the expected files do not change with
 * every change to the reconciler's code (the bundle ConfigMap and the Deployment's bundle-hash
 * annotation would embed it); everything else is exactly what synth writes.
 */
export const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));

/** The names of the golden cases: the directories of test/golden that have an input/. */
export function goldenCases(): string[] {
  return readdirSync(GOLDEN_DIR)
    .filter((name) => isDirectory(join(GOLDEN_DIR, name, 'input')))
    .sort();
}

/** What synth writes for a case's input, by relative POSIX path. Throws if the input has errors. */
export function synthGoldenCase(name: string): Map<string, string> {
  return synthYamlInput(join(GOLDEN_DIR, name, 'input'), undefined, TEST_RUNTIME_ASSETS);
}

/** The committed expected tree of a case, by relative POSIX path (empty when there is none). */
export function readExpected(name: string): Map<string, Buffer> {
  const root = join(GOLDEN_DIR, name, 'expected');
  const files = new Map<string, Buffer>();
  if (!isDirectory(root)) return files;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (isDirectory(path)) walk(path);
      else files.set(relative(root, path).split(sep).join('/'), readFileSync(path));
    }
  };
  walk(root);
  return files;
}

/** Replaces a case's expected tree with `files`: stale files do not linger. */
export function writeExpected(name: string, files: ReadonlyMap<string, string>): void {
  const root = join(GOLDEN_DIR, name, 'expected');
  rmSync(root, { recursive: true, force: true });
  for (const [path, text] of files) {
    const file = join(root, ...path.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
