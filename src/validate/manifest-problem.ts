import type { EmittedObject } from '../contracts/manifest.js';
import { objectLabel, type Problem, type Severity } from '../contracts/problem.js';

/**
 * A problem about an emitted object: `object` is the manifest's id; when the object has provenance the
 * message ends with ` (generated from <intent>)` and `origin` points at the intent.
 */
export function manifestProblem(obj: EmittedObject, severity: Severity, field: string | undefined, message: string): Problem {
  // A manifest read by `validate` is any YAML: its kind and metadata need not have the declared types.
  const m = obj.manifest as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const name = typeof m.metadata?.name === 'string' ? m.metadata.name : '(no name)';
  const namespace = typeof m.metadata?.namespace === 'string' && m.metadata.namespace !== '' ? m.metadata.namespace : undefined;
  const object = { kind: String(m.kind), ...(namespace ? { namespace } : {}), name };
  const prov = obj.provenance;
  return {
    severity,
    // A hand-written manifest (from `validate`) is its own provenance: no "generated from".
    message: prov && objectLabel(prov.intent) !== objectLabel(object) ? `${message} (generated from ${objectLabel(prov.intent)})` : message,
    object,
    ...(field ? { field } : {}),
    ...(prov?.origin ? { origin: prov.origin } : {}),
  };
}
