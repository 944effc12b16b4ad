import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeEstate } from '../../bench/scale/generate-estate.js';
import { TEST_RUNTIME_ASSETS } from './runtime-assets.js';
import { synthYamlInput } from './synth-files.js';

/**
 * A large estate is too big to keep as golden files, so its output is pinned by one digest: the
 * sha256 over every file's path and content in path order. The estate is the one `npm run
 * bench:scale` measures, built with the stand-in reconciler bundle like every golden case.
 */
export const SCALE_ROUTES = 1_000;
export const SCALE_DIGEST_FILE = fileURLToPath(new URL(`../golden/estate-${SCALE_ROUTES}-routes.sha256`, import.meta.url));

/** The output files of the benchmark's estate with `routes` routes, built in this process. */
export function synthScaleEstate(routes: number): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'tool-gateway-scale-'));
  try {
    writeEstate(dir, routes);
    return synthYamlInput(dir, undefined, TEST_RUNTIME_ASSETS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** sha256 over `path NUL content NUL` of every file, in code-unit order of the paths. */
export function treeDigest(files: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const path of [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash
      .update(path)
      .update('\0')
      .update(files.get(path) ?? '')
      .update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

/** The committed digest and file count, `sha256:<hex> <files>`. */
export function readScaleDigest(): { digest: string; files: number } {
  const [digest = '', files = '0'] = readFileSync(SCALE_DIGEST_FILE, 'utf8').trim().split(/\s+/);
  return { digest, files: Number(files) };
}

export function writeScaleDigest(files: ReadonlyMap<string, string>): void {
  writeFileSync(SCALE_DIGEST_FILE, `${treeDigest(files)} ${files.size}\n`);
}
