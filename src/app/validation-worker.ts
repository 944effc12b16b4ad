/**
 * The validation gate in a worker thread (bundled as lib/validation-worker.mjs). It receives the
 * emitted objects in batches, each as one JSON text, checks each batch as it arrives and lets it
 * go, and after the last (`null`) answers with the problems, or with the message of whatever went
 * wrong, so the caller can validate in its own thread instead.
 */
import { parentPort } from 'node:worker_threads';
import type { EmittedObject } from '../contracts/manifest.js';
import { ManifestGate } from '../validate/validate-manifests.js';
import type { WorkerAnswer } from './validation-in-worker.js';

const port = parentPort;
if (port) {
  const gate = new ManifestGate();
  let failure: string | undefined;
  port.on('message', (batch: string | null) => {
    if (batch !== null) {
      try {
        if (failure === undefined) gate.add(JSON.parse(batch) as EmittedObject[]);
      } catch (e) {
        failure = e instanceof Error ? e.message : String(e);
      }
      return;
    }
    let answer: WorkerAnswer;
    try {
      answer = failure === undefined ? { problems: gate.finish() } : { failure };
    } catch (e) {
      answer = { failure: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(answer);
    port.close();
  });
}
