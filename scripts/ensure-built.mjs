// @ts-check
// Preloaded by `npm run synth` (node --import): rebuilds lib/ before the default app runs from it
// when a source changed since the last build.
import { ensureBuilt } from './build.mjs';

await ensureBuilt();
