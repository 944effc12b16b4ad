import { hasErrors, type Problem } from '../contracts/problem.js';
import type { EmittedObject } from '../contracts/manifest.js';
import { newCelRun, validateCelRules } from './cel-validator.js';
import { ObjectRules } from './object-rules.js';
import { defaultSchemaRegistry, type SchemaRegistry } from './schema-registry.js';
import { checkObjectStructure } from './structural-validator.js';
import { EmittedCrdRegistry } from './emitted-crd-registry.js';

/**
 * Offline validation of everything the compiler emits, without a cluster, in the API server's order: the
 * object rules (names, namespaces, labels, annotations, duplicates), each object's OpenAPI schema from the
 * pinned CRDs and core Kubernetes (after defaulting), then the schema's CEL rules
 * (`x-kubernetes-validations`). CEL runs only on objects whose structure is valid: the rules assume it.
 *
 * Each problem names the manifest (`object`), the failing `field` in dotted form with indexes, and says what
 * is wrong, the bad value and what is allowed; objects with provenance add `(generated from <intent>)` and
 * the intent's `origin`. Sorted by object, then field, so output is stable.
 */
export function validateManifests(objects: readonly EmittedObject[], registry: SchemaRegistry = defaultSchemaRegistry()): Problem[] {
  const gate = new ManifestGate(registry);
  gate.add(objects);
  return gate.finish();
}

/**
 * `validateManifests` fed in batches: `add` checks each object as it comes and keeps only its
 * problems (and its identity, for the duplicate check), so the objects need not all be held at
 * once; `finish` returns the same problems, in the same order, as one call over all of them.
 */
export class ManifestGate {
  private readonly registry: EmittedCrdRegistry;
  private readonly rules: ObjectRules;
  private readonly found: Problem[] = [];
  private readonly cel = newCelRun();
  /** Objects of a kind no schema is known for yet: the CRD defining it may come in a later batch. */
  private readonly pending: EmittedObject[] = [];

  constructor(registry: SchemaRegistry = defaultSchemaRegistry()) {
    this.registry = new EmittedCrdRegistry(registry);
    this.rules = new ObjectRules(this.registry);
  }

  add(objects: readonly EmittedObject[]): void {
    for (const obj of objects) this.registry.add(obj);
    for (const obj of objects) {
      this.rules.add(obj);
      const m = obj.manifest as { apiVersion?: unknown; kind?: unknown };
      if (typeof m.apiVersion === 'string' && typeof m.kind === 'string' && !this.registry.lookup(m.apiVersion, m.kind)) {
        this.pending.push(obj);
        continue;
      }
      this.check(obj);
    }
  }

  finish(): Problem[] {
    for (const obj of this.pending.splice(0)) this.check(obj);
    // Object rules first, as validateManifests has always listed them: the sort below is stable,
    // so that keeps the order of problems that compare equal.
    return [...this.rules.problems, ...this.found].sort(compareProblems);
  }

  private check(obj: EmittedObject): void {
    const structure = checkObjectStructure(obj, this.registry);
    this.found.push(...structure.problems);
    if (structure.kind && !hasErrors(structure.problems)) {
      this.found.push(...validateCelRules(obj, structure.kind, structure.defaulted, this.cel));
    }
  }
}

function compareProblems(a: Problem, b: Problem): number {
  const key = (p: Problem): string[] => [
    p.object?.kind ?? '',
    p.object?.namespace ?? '',
    p.object?.name ?? '',
    p.field ?? '',
    p.severity,
    p.message,
  ];
  const kb = key(b);
  for (const [i, x] of key(a).entries()) {
    const y = kb[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
