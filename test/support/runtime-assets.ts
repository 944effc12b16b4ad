/** The runtime assets tests pass to compileEstate: the real upstream schemas and a stand-in bundle. */
import type { RuntimeAssets } from '../../src/compile/runtime/runtime-assets.js';
import type { ReconcilerBundle } from '../../src/contracts/reconciler-bundle.js';
import { upstreamSpecSchemas } from '../../src/app/runtime-assets.js';

/** Stands in for the reconciler bundle in unit tests; the real one is built and run in test/reconciler. */
export const TEST_RECONCILER_BUNDLE: ReconcilerBundle = { text: '// reconciler bundle stand-in\n', digest: 'sha256:0000' };

/** The pinned upstream spec schemas (imports/schemas) and TEST_RECONCILER_BUNDLE. */
export const TEST_RUNTIME_ASSETS: RuntimeAssets = { bundle: () => TEST_RECONCILER_BUNDLE, upstreamSpecSchemas: upstreamSpecSchemas() };
