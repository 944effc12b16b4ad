import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { schemaFieldNames } from '../../src/intent/schema-field-names.js';
import { toolRouteSpecSchema } from '../../src/intent/tool-route-schema.js';

describe('schemaFieldNames |', () => {
  it('finds the fields of the object at a path, through optionals, lists, records, unions and pipes', () => {
    const inner = z.strictObject({ b: z.string(), a: z.number() });
    const schema = z
      .strictObject({
        list: z.array(inner).optional(),
        map: z.record(z.string(), inner),
        either: z.union([z.strictObject({ x: z.string() }), z.strictObject({ y: z.string() })]),
      })
      .transform((v) => v);
    expect(schemaFieldNames(schema, [])).toStrictEqual(['either', 'list', 'map']);
    expect(schemaFieldNames(schema, ['list', 3])).toStrictEqual(['a', 'b']);
    expect(schemaFieldNames(schema, ['map', 'key'])).toStrictEqual(['a', 'b']);
    expect(schemaFieldNames(schema, ['either'])).toStrictEqual(['x', 'y']);
  });

  it('finds nothing where the path leads to no object', () => {
    expect(schemaFieldNames(z.strictObject({ a: z.string() }), ['a'])).toStrictEqual([]);
    expect(schemaFieldNames(z.strictObject({ a: z.string() }), ['nope', 'deeper'])).toStrictEqual([]);
    expect(schemaFieldNames(z.array(z.strictObject({ a: z.string() })), ['a'])).toStrictEqual([]);
  });

  it('reads the real ToolRoute spec schema', () => {
    expect(schemaFieldNames(toolRouteSpecSchema, ['toolFilter'])).toStrictEqual(['allow', 'deny']);
  });
});
