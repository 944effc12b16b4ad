import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { EmittedObject } from '../contracts/manifest.js';
import { packageFile } from '../contracts/package-files.js';
import type { Problem } from '../contracts/problem.js';
import { validateManifests } from '../validate/validate-manifests.js';

/** Where `npm run build` writes the worker: validation-worker.ts with everything it imports. */
export const VALIDATION_WORKER_FILE = 'lib/validation-worker.mjs';

/** Objects per message to the worker. */
const BATCH_SIZE = 1_000;

/** The worker's young generation, in MiB (V8's default is several times this). */
const WORKER_YOUNG_GENERATION_MB = 8;

/** What the worker answers: the gate's problems, or why it could not run the gate. */
export type WorkerAnswer = { readonly problems: Problem[] } | { readonly failure: string };

/** The validation gate running while the caller does other work. */
export interface PendingValidation {
  /** The gate's problems, exactly as `validateManifests` returns them. */
  readonly problems: Promise<Problem[]>;
  /** Whether the gate runs in a worker thread. */
  readonly inWorker: boolean;
  /** Stops the worker, for a caller that no longer needs the answer. */
  cancel(): void;
}

export interface ValidationOptions {
  /**
   * Run the gate in a worker thread, on another core, while this thread lays out and stages the
   * files. On a 2-core machine that saves about a tenth of the wall time at 10,000 routes and
   * costs a second V8 heap (about 100 MiB more peak RSS), so it is a choice, not the default.
   * @default false
   */
  readonly inWorker?: boolean;
  /** The worker's script. @default lib/validation-worker.mjs in this package */
  readonly workerFile?: string;
}

/**
 * Starts the validation gate over `objects`: in a worker thread when asked, so it runs on another
 * core while the caller lays out and stages the files, otherwise in this thread when `problems`
 * is first awaited. The worker checks every object exactly as the in-thread gate does; if it
 * cannot start or fails, the gate runs in this thread instead: it is never skipped.
 */
export function startValidation(objects: readonly EmittedObject[], options: ValidationOptions = {}): PendingValidation {
  const workerFile = options.workerFile ?? packageFile(VALIDATION_WORKER_FILE);
  if (options.inWorker !== true || objects.length === 0 || !existsSync(workerFile)) {
    return { problems: Promise.resolve().then(() => validateManifests(objects)), inWorker: false, cancel: () => undefined };
  }
  // A small young generation: the worker holds one batch at a time, and peak RSS is what a CI
  // runner's memory limit sees.
  const worker = new Worker(workerFile, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  const answer = new Promise<WorkerAnswer>((resolve) => {
    worker.once('message', (a: WorkerAnswer) => resolve(a));
    worker.once('error', (e) => resolve({ failure: e.message }));
    worker.once('exit', (code) => resolve({ failure: `the validation worker exited with code ${code}` }));
  });
  // Every batch is posted now (a JSON text each, which is cheaper to copy than the objects'
  // structured clone); the worker parses, checks and drops one batch at a time.
  for (let i = 0; i < objects.length; i += BATCH_SIZE) worker.postMessage(JSON.stringify(objects.slice(i, i + BATCH_SIZE)));
  worker.postMessage(null);
  const problems = answer.then((a) => {
    void worker.terminate();
    return 'problems' in a ? a.problems : validateManifests(objects);
  });
  return { problems, inWorker: true, cancel: () => void worker.terminate() };
}
