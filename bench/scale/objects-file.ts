/**
 * `objects.json`: every object our synth emitted for one estate, as `[{ path, manifest }]` sorted by
 * path, where `path` is the file's path relative to the output directory. The floor and plain-cdk8s
 * programs read it, so all three programs write exactly the same objects.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface EmittedFile {
  readonly path: string;
  readonly manifest: Record<string, unknown>;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => join(e.parentPath, e.name));
}

/** Reads every object under `outDir` (one document a file, as synth writes them) into `objectsFile`. */
export function collectObjects(outDir: string, objectsFile: string): number {
  const objects: EmittedFile[] = [];
  for (const file of yamlFiles(outDir)) {
    const path = relative(outDir, file).split(sep).join('/');
    const docs = parseAllDocuments(readFileSync(file, 'utf8'));
    if (!Array.isArray(docs) || docs.length !== 1 || docs[0]?.errors.length !== 0) {
      throw new Error(`${file}: expected one YAML document without errors`);
    }
    objects.push({ path, manifest: docs[0].toJS() as Record<string, unknown> });
  }
  objects.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  writeFileSync(objectsFile, JSON.stringify(objects));
  return objects.length;
}

export function readObjects(objectsFile: string): EmittedFile[] {
  return JSON.parse(readFileSync(objectsFile, 'utf8')) as EmittedFile[];
}
