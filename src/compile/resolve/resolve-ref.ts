import type { ObjectReference } from '../../intent/common-schemas.js';
import type { ProblemSink } from '../problem-sink.js';

/** Something a reference can point at. */
export interface RefTarget {
  readonly namespace: string;
  readonly name: string;
}

/**
 * The namespace a reference points into: its own `namespace`, else the referencing object's
 * (the rule of the upstream `runtime.agentic-layer.ai` CRDs for every ObjectReference).
 */
export function refNamespace(ref: { readonly namespace?: string }, from: { readonly namespace: string }): string {
  return ref.namespace ?? from.namespace;
}

/** The objects of one kind that references may point at, by namespace and name. */
export class RefTargets<T extends RefTarget> {
  private readonly byKey = new Map<string, T>();

  constructor(
    /** The kind a reference must name (or leave out), e.g. `ToolServer`. */
    readonly kind: string,
    targets: Iterable<T>,
    /** Said after "is not defined in this input", e.g. how to supply a target owned elsewhere. */
    readonly notFoundHint?: string,
  ) {
    // A later target of the same name wins, so callers list their most authoritative source last.
    for (const t of targets) this.byKey.set(`${t.namespace}/${t.name}`, t);
  }

  get(namespace: string, name: string): T | undefined {
    return this.byKey.get(`${namespace}/${name}`);
  }

  /** Every target, one per namespace and name. */
  all(): T[] {
    return [...this.byKey.values()];
  }
}

/**
 * Resolves a reference from the intent `report` is about to an object of `targets.kind`. A
 * `kind` other than the target's is an error at `<field>.kind`; a target missing from the input
 * is an error at `field`. Undefined when either was reported.
 */
export function resolveRef<T extends RefTarget>(
  ref: ObjectReference,
  targets: RefTargets<T>,
  report: ProblemSink,
  field: string,
): T | undefined {
  const { kind } = targets;
  if (ref.kind !== undefined && ref.kind !== kind) {
    report.error(`${field}.kind`, `${JSON.stringify(ref.kind)} is not allowed; allowed: ${JSON.stringify(kind)} (or leave it out)`);
    return undefined;
  }
  const namespace = refNamespace(ref, report.intent);
  const target = targets.get(namespace, ref.name);
  if (!target) {
    const hint = targets.notFoundHint ? `; ${targets.notFoundHint}` : '';
    report.error(field, `${kind} ${namespace}/${ref.name} is not defined in this input${hint}`);
  }
  return target;
}
