import type { z } from 'zod';

/** The parts of a zod schema's definition that lead to the object at a path. */
interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
  readonly getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The field names an object schema allows at `path` inside `schema` (every branch of a union
 * together), for a "did you mean" hint on an unknown field. Empty when the path leads nowhere known.
 */
export function schemaFieldNames(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const names = new Set<string>();
  const walk = (s: z.ZodType, rest: readonly PropertyKey[], depth: number): void => {
    if (depth > 64) return; // a lazy schema may refer to itself
    for (const [inner, r] of nextSteps(defOf(s), rest, names)) walk(inner, r, depth + 1);
  };
  walk(schema, path, 0);
  return [...names].sort();
}

/** Where the walk goes on from one schema: wrapped schemas, union branches, or the field or item `rest` names. */
function nextSteps(def: Def, rest: readonly PropertyKey[], names: Set<string>): [z.ZodType, readonly PropertyKey[]][] {
  const same = (...inner: (z.ZodType | undefined)[]): [z.ZodType, readonly PropertyKey[]][] =>
    inner.filter((s) => s !== undefined).map((s) => [s, rest]);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return same(def.innerType);
    case 'pipe':
      return same(def.in);
    case 'lazy':
      return same(def.getter?.());
    case 'union':
      return same(...(def.options ?? []));
    case 'intersection':
      return same(def.left, def.right);
    case 'array':
      return typeof rest[0] === 'number' && def.element ? [[def.element, rest.slice(1)]] : [];
    case 'record':
      return rest.length > 0 && def.valueType ? [[def.valueType, rest.slice(1)]] : [];
    case 'object': {
      if (rest.length === 0) {
        for (const k of Object.keys(def.shape ?? {})) names.add(k);
        return [];
      }
      const [head, ...tail] = rest;
      const field = typeof head === 'string' ? def.shape?.[head] : undefined;
      return field ? [[field, tail]] : [];
    }
    default:
      return [];
  }
}
