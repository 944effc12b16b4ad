import { ensureBuilt } from '../../scripts/build.mjs';

/**
 * Runs once before any test: tests that start the CLI binary or the reconciler run lib/, so lib/
 * is rebuilt first if a source changed since the last build.
 */
export default async function setup(): Promise<void> {
  await ensureBuilt();
}
