/**
 * The reconciler as one bundled ESM file, shipped in a ConfigMap and run by a stock Node image.
 * The app layer builds it (src/app/reconciler-bundle.ts); compile only places it in the output.
 */
export interface ReconcilerBundle {
  /** The bundle, one ESM file. */
  readonly text: string;
  /** `sha256:<hex>` of the text; rolls the reconciler pods when the code changes. */
  readonly digest: string;
  /**
   * The text as `compressBundle` packs it, when the build packed it ahead of time
   * (lib/reconciler.mjs.br); compile packs the text itself when this is absent.
   */
  readonly packed?: Uint8Array;
}
