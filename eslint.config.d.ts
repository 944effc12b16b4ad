/** Types of eslint.config.js for the architecture test, which reads its import-boundary zones. */
export interface BoundaryZone {
  readonly target: string;
  readonly from: string | readonly string[];
  readonly except?: readonly string[];
  readonly message: string;
}
export declare const zones: readonly BoundaryZone[];
declare const config: readonly unknown[];
export default config;
