import type { Manifest } from '../contracts/manifest.js';
import { setField } from '../contracts/set-field.js';

/**
 * How every object in src/compile is built:
 *
 * - `type` is the generated class's static `GVK` where there is one (imports/ for agentgateway
 *   and Gateway API kinds, cdk8s-plus-28's `k8s` for core kinds), else our own constants. It is
 *   read from the generated `imports/*.constants.ts`, never from the classes: they extend cdk8s's
 *   ApiObject, and importing one for a value would load cdk8s and constructs into the CLI;
 * - the body is a plain JSON object literal, type-checked with `satisfies` against the generated
 *   imports/ props type of its field (e.g. `AgentgatewayPolicySpec`) or, for core kinds, against
 *   the kubernetes-models interface (those are the JSON shapes; cdk8s-plus-28's props want
 *   IntOrString and Quantity wrappers instead of numbers and strings).
 *
 * The generated `X.manifest()` / `toJson()` are not used: they return `any`, and they silently
 * drop any field their props type does not declare (a plain number where an IntOrString is
 * expected, a Kubernetes field newer than the import), so a typo or a version gap would vanish
 * from the output instead of being caught by the type checker or the validation gate.
 */

/** apiVersion and kind of an object, e.g. `AgentgatewayPolicy.GVK`. */
export interface ApiVersionKind {
  readonly apiVersion: string;
  readonly kind: string;
}

export type ObjectMetadata = Manifest['metadata'];

/** The fields of a manifest after apiVersion, kind and metadata: `spec`, `data`, `rules`, ... */
export interface ManifestBody {
  readonly apiVersion?: never;
  readonly kind?: never;
  readonly metadata?: never;
  readonly [field: string]: unknown;
}

/**
 * A manifest of `type` with `metadata` and the fields of `body`. Object fields whose value is
 * `undefined` are left out at every depth (as the generated classes' `toJson` does), so a body
 * can write `field: condition ? value : undefined`.
 */
export function buildManifest(type: ApiVersionKind, metadata: ObjectMetadata, body: ManifestBody = {}): Manifest {
  return withoutUndefined({ apiVersion: type.apiVersion, kind: type.kind, metadata, ...body }) as Manifest;
}

function withoutUndefined(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(withoutUndefined);
  // A loop rather than Object.fromEntries(entries.filter.map): this runs over every field of every
  // object synth emits, and the loop allocates nothing but the copy.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) setField(out, key, withoutUndefined(v));
  }
  return out;
}
