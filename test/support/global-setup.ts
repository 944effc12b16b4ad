import { ensureBuilt, ensureDeclarations } from '../../scripts/build.mjs';

/**
 * Runs once before any test: tests that start the CLI binary or the reconciler run lib/, so lib/
 * is rebuilt first if a source changed since the last build; the package test reads types/, which
 * is written if missing.
 */
export default async function setup(): Promise<void> {
  await ensureBuilt();
  ensureDeclarations();
}
