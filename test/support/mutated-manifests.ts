import fc from 'fast-check';
import type { Manifest } from '../../src/contracts/manifest.js';
import { validObjects } from './valid-manifests.js';

/**
 * Valid objects of every kind the compiler emits (valid-manifests.ts), each with a few random
 * edits anywhere in it: a field deleted, set to null, given a value of another type or shape, or a
 * field added beside it. Most come out invalid in one or several places, some stay valid; used to
 * compare two implementations of a check over the same inputs. `apiVersion` and `kind` stay as they
 * are, so each object is still checked against its kind's schema.
 */
export const mutatedManifest: fc.Arbitrary<Manifest> = fc
  .record({
    base: fc.integer({ min: 0, max: validObjects().length - 1 }),
    edits: fc.array(
      fc.record({
        at: fc.nat(),
        edit: fc.oneof(
          fc.constant<Edit>({ op: 'delete' }),
          fc.constant<Edit>({ op: 'null' }),
          fc.record({ op: fc.constant('set' as const), value: editValue() }),
          fc.record({
            op: fc.constant('add' as const),
            key: fc.constantFrom('bogus', 'nmae', '__proto__', 'constructor', 'group', 'kind', 'name', 'port', 'x-y'),
            value: editValue(),
          }),
        ),
      }),
      { maxLength: 4 },
    ),
  })
  .map(({ base, edits }) => {
    const m = validObjects()[base] as Manifest;
    const { apiVersion, kind } = m;
    for (const { at, edit } of edits) apply(m, at, edit);
    return { ...m, apiVersion, kind };
  });

type Edit = { op: 'delete' } | { op: 'null' } | { op: 'set'; value: unknown } | { op: 'add'; key: string; value: unknown };

function editValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom('', 'x', 'a'.repeat(300), 'UPPER', 'http://x', '10.0.0.1', -1, 0, 1.5, 65536, 2 ** 40, true, false, [], {}),
    fc.jsonValue({ maxDepth: 2 }),
  );
}

/** Applies `edit` at the `at`-th (modulo their count) of the object's fields and list items. */
function apply(root: Manifest, at: number, edit: Edit): void {
  const places: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        places.push({ parent: v, key: i });
        visit(item);
      });
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        places.push({ parent: v as Record<string, unknown>, key: k });
        visit(item);
      }
    }
  };
  visit(root);
  const place = places[at % places.length];
  if (!place) return;
  const { parent, key } = place;
  const target = (parent as Record<string | number, unknown>)[key];
  const set = (obj: object, k: string | number, v: unknown): void => {
    Object.defineProperty(obj, k, { value: v, writable: true, enumerable: true, configurable: true });
  };
  switch (edit.op) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else Reflect.deleteProperty(parent, key);
      return;
    case 'null':
      set(parent, key, null);
      return;
    case 'set':
      set(parent, key, structuredClone(edit.value));
      return;
    case 'add':
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) set(target, edit.key, structuredClone(edit.value));
      else if (!Array.isArray(parent)) set(parent, edit.key, structuredClone(edit.value));
  }
}
