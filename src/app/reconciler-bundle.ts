import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import type { ReconcilerBundle } from '../contracts/reconciler-bundle.js';
import { packageFile } from '../contracts/package-files.js';

/**
 * Where `npm run build` writes the reconciler bundle: src/reconciler and everything it imports in
 * one minified ESM file, built deterministically by scripts/build.mjs.
 */
export const RECONCILER_BUNDLE_FILE = 'lib/reconciler.mjs';

let loaded: ReconcilerBundle | undefined;

/**
 * The prebuilt reconciler bundle and its digest, read once per process. Synth embeds these bytes
 * in the bundle ConfigMap; the prebuilt image (Dockerfile.reconciler) runs the same file.
 */
export function reconcilerBundle(): ReconcilerBundle {
  loaded ??= readReconcilerBundle(packageFile(RECONCILER_BUNDLE_FILE));
  return loaded;
}

/** Reads a reconciler bundle file; a missing one is a build that has not run, and says so. */
export function readReconcilerBundle(file: string): ReconcilerBundle {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const reason = e instanceof Error && 'code' in e ? String(e.code) : String(e);
    throw new Error(`cannot read the reconciler bundle ${file} (${reason}); build it with npm run build`, { cause: e });
  }
  return { text, digest: `sha256:${createHash('sha256').update(text).digest('hex')}`, ...packedBeside(file, text) };
}

/**
 * The build's brotli of the bundle (`<file>.br`), which spares every synth the packing, used
 * only when it unpacks to exactly `text` (about a millisecond): a stale or damaged one is ignored
 * and compile packs the text itself, to the same bytes.
 */
function packedBeside(file: string, text: string): { packed?: Buffer } {
  let packed: Buffer;
  try {
    packed = readFileSync(`${file}.br`);
    if (!brotliDecompressSync(packed).equals(Buffer.from(text, 'utf8'))) return {};
  } catch {
    return {};
  }
  return { packed };
}
