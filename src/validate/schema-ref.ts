import type { JsonSchema } from '../contracts/json.js';

/** True for a schema node (a JSON object); false for `true`, lists and scalars found where a node may be. */
export function isSchemaNode(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Follows a `#/$defs/<name>` reference (the derived core-kind schemas use them for named types); any other
 * node, or a reference to a missing definition, is returned as is.
 */
export function derefSchema(node: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return node;
  const target = isSchemaNode(root.$defs) ? root.$defs[ref.slice('#/$defs/'.length)] : undefined;
  return isSchemaNode(target) ? target : node;
}
