import type { ObjectId, Origin } from './problem.js';

/** A Kubernetes object as plain JSON, ready to be serialised. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** Which intent object produced a manifest, so validation messages can name it. */
export interface Provenance {
  readonly intent: ObjectId;
  readonly origin?: Origin;
}

/** A manifest plus where it came from. */
export interface EmittedObject {
  readonly manifest: Manifest;
  readonly provenance?: Provenance;
}

export function manifestLabel(m: Manifest): string {
  const ns = m.metadata.namespace;
  return ns ? `${m.kind} ${ns}/${m.metadata.name}` : `${m.kind} ${m.metadata.name}`;
}
