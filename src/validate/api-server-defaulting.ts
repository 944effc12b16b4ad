import { formatFieldPath, type PathSegment } from '../contracts/field-path.js';
import { checkListUniqueness } from './list-uniqueness.js';
import type { JsonSchema } from '../contracts/json.js';
import { derefSchema, isSchemaNode } from './schema-ref.js';
import type { StructuralIssue } from './structural-issue.js';

/**
 * Does what the API server does to an object before validating it, in place on `data` (a copy of the
 * object): drops `null` fields that are not `nullable` (with a warning: the live object will lack them,
 * which GitOps diffs show forever), applies schema defaults, and checks `x-kubernetes-list-type: map|set`
 * uniqueness. `schema` is the prepared kind schema, whose `$defs` resolve references.
 */
export function applyApiServerDefaults(schema: JsonSchema, data: unknown, issues: StructuralIssue[]): void {
  walk(schema, data, [], schema, issues);
}

function walk(node: JsonSchema, value: unknown, path: readonly PathSegment[], root: JsonSchema, issues: StructuralIssue[]): void {
  const schema = derefSchema(node, root);
  if (Array.isArray(value)) {
    const items = schema.items;
    if (isSchemaNode(items)) value.forEach((v, i) => walk(items, v, [...path, i], root, issues));
    checkListUniqueness(schema, value, path, issues);
    return;
  }
  if (!isObject(value)) return;
  const props = isSchemaNode(schema.properties) ? schema.properties : undefined;
  const propSchema = (name: string): JsonSchema | undefined => {
    // Own properties only: a field named `constructor` or `__proto__` is not a schema node of Object's.
    const sub = props && Object.hasOwn(props, name) ? props[name] : undefined;
    return isSchemaNode(sub) ? sub : undefined;
  };
  for (const [name, v] of Object.entries(value)) {
    const sub = propSchema(name);
    if (v === null && sub && derefSchema(sub, root).nullable !== true) {
      Reflect.deleteProperty(value, name);
      issues.push({
        field: formatFieldPath([...path, name]),
        message: 'value null is dropped by the API server (the field is not nullable); leave the field out instead',
        severity: 'warning',
      });
    }
  }
  for (const [name, prop] of Object.entries(props ?? {})) {
    const d = isSchemaNode(prop) ? derefSchema(prop, root) : undefined;
    if (value[name] === undefined && d?.default !== undefined) value[name] = structuredClone(d.default);
  }
  const values = isSchemaNode(schema.additionalProperties) ? schema.additionalProperties : undefined;
  for (const [name, v] of Object.entries(value)) {
    const sub = propSchema(name) ?? values;
    if (sub) walk(sub, v, [...path, name], root, issues);
  }
}

/** A JSON object of the copy being defaulted, which this walk may change. */
function isObject(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
