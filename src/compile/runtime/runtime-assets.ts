import type { CarrierKind } from '../../contracts/api-group.js';
import type { JsonSchema } from '../../contracts/json.js';
import type { ReconcilerBundle } from '../../contracts/reconciler-bundle.js';

/**
 * What the runtime half of compile needs from outside, since compile itself reads no files and
 * runs no build: the app layer loads these (src/app/runtime-assets.ts) and passes them in.
 * Required whenever the reconciler is enabled, which it is by default.
 */
export interface RuntimeAssets {
  /**
   * Supplies the reconciler bundle that ships in a ConfigMap; called at most once per compile,
   * and only when no prebuilt reconciler image is set.
   */
  readonly bundle: () => ReconcilerBundle;
  /**
   * The `spec` schema of each carrier kind in the pinned upstream CRDs (imports/schemas, v0.28.1):
   * a status carrier keeps only the fields these declare, and our CRDs take their markers from them.
   */
  readonly upstreamSpecSchemas: Readonly<Record<CarrierKind, JsonSchema>>;
}
