/**
 * The floor: the objects of `objects.json` written with the `yaml` package alone, `stringify` per
 * object, one file each at the same relative paths synth uses. No validation, no canonical key
 * order, no atomic swap: the least any synth of these objects has to do.
 *
 *   node --import tsx bench/scale/floor.ts <objects.json> <out-dir>   (npm run bench:scale runs it compiled)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { readObjects } from './objects-file.js';

const [objectsFile, outDir] = process.argv.slice(2);
if (objectsFile === undefined || outDir === undefined) {
  console.error('usage: floor.ts <objects.json> <out-dir>');
  process.exit(2);
}
const made = new Set<string>();
for (const { path, manifest } of readObjects(objectsFile)) {
  const file = join(outDir, path);
  const dir = dirname(file);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  writeFileSync(file, stringify(manifest));
}
