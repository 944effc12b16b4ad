import { JsonPatch } from 'cdk8s';
import type { OutputPatch } from '../constructs/intent-construct.js';
import type { EmittedObject } from '../contracts/manifest.js';
import type { ObjectId, Origin, Problem } from '../contracts/problem.js';

/** The patches one intent construct asked for, and where it is. */
export interface IntentPatches {
  readonly intent: ObjectId;
  readonly origin: Origin;
  readonly patches: readonly OutputPatch[];
}

/**
 * Applies each intent's `addJsonPatch` patches to the objects compiled from it, on copies, and
 * returns the objects with the patched ones in their place. A patch whose kind matches no object
 * of its intent, or whose operations fail (a path that does not exist, a failed `test`), is a
 * problem naming the construct, the kind and what went wrong; the objects are then unchanged.
 */
export function applyOutputPatches(objects: readonly EmittedObject[], all: readonly IntentPatches[], problems: Problem[]): EmittedObject[] {
  const out = [...objects];
  for (const { intent, origin, patches } of all) {
    const mine = out.flatMap((o, index) => (o.provenance && sameId(o.provenance.intent, intent) ? [index] : []));
    for (const patch of patches) {
      const targets = mine.filter((i) => out[i]?.manifest.kind === patch.kind);
      if (targets.length === 0) {
        const kinds = [...new Set(mine.map((i) => out[i]?.manifest.kind))].sort().join(', ');
        problems.push({
          severity: 'error',
          object: intent,
          message: `addJsonPatch('${patch.kind}', ...) matches nothing: this intent compiles to ${kinds || 'nothing'}, not to ${patch.kind}`,
          origin,
        });
        continue;
      }
      for (const i of targets) {
        const target = out[i] as EmittedObject;
        try {
          out[i] = { ...target, manifest: JsonPatch.apply(structuredClone(target.manifest), ...patch.ops) as EmittedObject['manifest'] };
        } catch (e) {
          const what = e instanceof Error ? e.message.split('\n')[0] : String(e);
          problems.push({
            severity: 'error',
            object: intent,
            message: `addJsonPatch('${patch.kind}', ...) on ${target.manifest.kind} ${target.manifest.metadata.name}: ${what}`,
            origin,
          });
        }
      }
    }
  }
  return out;
}

/** `applyOutputPatches` of `all`, as `BuildInput.patchOutput` takes it. */
export function outputPatcher(all: readonly IntentPatches[]): (objects: readonly EmittedObject[], problems: Problem[]) => EmittedObject[] {
  return (objects, problems) => applyOutputPatches(objects, all, problems);
}

function sameId(a: ObjectId, b: ObjectId): boolean {
  return a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}
