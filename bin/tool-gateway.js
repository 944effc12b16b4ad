#!/usr/bin/env node
// Runs the compiled CLI (lib/cli.cjs, built by `npm run build`). In a checkout of the repository,
// scripts/build.mjs exists and first rebuilds lib/ if a source changed; an installed package
// ships lib/ prebuilt and has no scripts/.
import { existsSync } from 'node:fs';

const builder = new URL('../scripts/build.mjs', import.meta.url);
if (existsSync(builder)) await (await import(builder.href)).ensureBuilt();
// A reader that stops early (`| head`) closes the pipe. What it did not read is lost, which is
// its choice, not an error of ours: the run goes on, so a staged --out is still swapped in or
// cleaned up, and it exits with its own code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EPIPE') throw e;
  });
}
const { loadCli } = await import('./cli-loader.js');
const cli = loadCli();
const argv = process.argv.slice(2);
process.exitCode = await cli.main(argv);
// The package ships no code cache: one is valid only for the Node that made it. After a successful
// synth the CLI writes those it lacked for this Node (its own, and one per schema validator it
// loaded), holding what a synth compiles, so later starts skip most of that work. An install it may
// not write to goes on without them.
if (argv[0] === 'synth' && process.exitCode === 0) {
  try {
    await cli.writeCaches();
  } catch {
    // Read-only install: every start compiles the CLI, as it would without caches.
  }
}
