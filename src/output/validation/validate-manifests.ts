import type { Problem } from '../../diagnostics/problem.js';
import type { EmittedObject } from '../manifest.js';
import { checkObjectRules } from './object-rules.js';
import { defaultSchemaRegistry, type SchemaRegistry } from './schema-registry.js';
import { validateStructure } from './structural-validator.js';

/**
 * Offline structural validation of everything the compiler emits: the API server's object rules (names,
 * namespaces, labels, annotations, duplicates) plus each object's OpenAPI schema from the pinned CRDs and
 * core Kubernetes. Works without a cluster.
 *
 * Each problem names the manifest (`object`), the failing `field` in dotted form with indexes, and says what
 * is wrong, the bad value and what is allowed; objects with provenance add `(generated from <intent>)` and
 * the intent's `origin`. Sorted by object, then field, so output is stable.
 */
export function validateManifests(objects: readonly EmittedObject[], registry: SchemaRegistry = defaultSchemaRegistry()): Problem[] {
  return [...checkObjectRules(objects, registry), ...validateStructure(objects, registry)].sort(compareProblems);
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
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  }
  return 0;
}
