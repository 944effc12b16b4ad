import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
  return { text, digest: `sha256:${createHash('sha256').update(text).digest('hex')}` };
}
