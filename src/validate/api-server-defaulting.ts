import { formatFieldPath, type PathSegment } from '../contracts/field-path.js';
import { checkListUniqueness } from './list-uniqueness.js';
import type { JsonSchema } from '../contracts/json.js';
import { derefSchema, isSchemaNode } from './schema-ref.js';
import type { StructuralIssue } from './structural-issue.js';
import { setField } from '../contracts/set-field.js';

/**
 * Does what the API server does to an object before validating it: drops `null` fields that are not
 * `nullable` (with a warning: the live object will lack them, which GitOps diffs show forever),
 * applies schema defaults, and checks `x-kubernetes-list-type: map|set` uniqueness. `schema` is the
 * prepared kind schema, whose `$defs` resolve references.
 *
 * Returns the object as the API server would validate it, without changing `data`: copy on write.
 * Each object or list that changes, and each one above it, is a copy; everything else is shared
 * with `data`, and `data` itself comes back when nothing changes (most emitted objects spell out
 * their defaults). A copy of the whole object cost more than the rest of the structural check.
 */
export function applyApiServerDefaults(schema: JsonSchema, data: unknown, issues: StructuralIssue[]): unknown {
  return walk(schema, data, undefined, schema, issues);
}

/** A path as a chain from the leaf, turned into segments only for an issue. */
interface PathLink {
  readonly parent: PathLink | undefined;
  readonly segment: PathSegment;
}

function segments(link: PathLink | undefined): PathSegment[] {
  const out: PathSegment[] = [];
  for (let l = link; l; l = l.parent) out.push(l.segment);
  return out.reverse();
}

function walk(node: JsonSchema, value: unknown, path: PathLink | undefined, root: JsonSchema, issues: StructuralIssue[]): unknown {
  const schema = derefSchema(node, root);
  if (Array.isArray(value)) {
    const items = schema.items;
    let list: unknown[] = value;
    if (isSchemaNode(items)) {
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        const w = walk(items, v, { parent: path, segment: i }, root, issues);
        if (w !== v) {
          if (list === value) list = value.slice();
          list[i] = w;
        }
      }
    }
    if (typeof schema['x-kubernetes-list-type'] === 'string') checkListUniqueness(schema, list, segments(path), issues);
    return list;
  }
  if (!isObject(value)) return value;
  const props = isSchemaNode(schema.properties) ? schema.properties : undefined;
  const propSchema = (name: string): JsonSchema | undefined => {
    // Own properties only: a field named `constructor` or `__proto__` is not a schema node of Object's.
    const sub = props && Object.hasOwn(props, name) ? props[name] : undefined;
    return isSchemaNode(sub) ? sub : undefined;
  };
  let obj = value;
  const copy = (): { [key: string]: unknown } => {
    // A spread copies a `__proto__` field as the own field it is, where assignment would not.
    if (obj === value) obj = { ...value };
    return obj;
  };
  for (const name of Object.keys(value)) {
    const sub = value[name] === null ? propSchema(name) : undefined;
    if (sub && derefSchema(sub, root).nullable !== true) {
      Reflect.deleteProperty(copy(), name);
      issues.push({
        field: formatFieldPath([...segments(path), name]),
        message: 'value null is dropped by the API server (the field is not nullable); leave the field out instead',
        severity: 'warning',
      });
    }
  }
  if (props) {
    for (const [name, value] of propertyDefaults(props, root)) {
      if (obj[name] === undefined) setField(copy(), name, structuredClone(value));
    }
  }
  const values = isSchemaNode(schema.additionalProperties) ? schema.additionalProperties : undefined;
  for (const name of Object.keys(obj)) {
    const sub = propSchema(name) ?? values;
    if (!sub) continue;
    const v = obj[name];
    const w = walk(sub, v, { parent: path, segment: name }, root, issues);
    if (w !== v) setField(copy(), name, w);
  }
  return obj;
}

/** The declared properties that have a default, by `properties` node, under each kind's root. */
const defaultsByRoot = new WeakMap<JsonSchema, WeakMap<JsonSchema, readonly (readonly [string, unknown])[]>>();

/**
 * The properties in `props` that have a default, in declared order, with their defaults: few
 * have one, and every object is otherwise checked against every property its schema declares
 * (a container declares 25).
 */
function propertyDefaults(props: JsonSchema, root: JsonSchema): readonly (readonly [string, unknown])[] {
  let byProps = defaultsByRoot.get(root);
  if (!byProps) {
    byProps = new WeakMap();
    defaultsByRoot.set(root, byProps);
  }
  let found = byProps.get(props);
  if (!found) {
    const withDefaults: (readonly [string, unknown])[] = [];
    for (const name of Object.keys(props)) {
      const prop = props[name];
      const d = isSchemaNode(prop) ? derefSchema(prop, root) : undefined;
      if (d?.default !== undefined) withDefaults.push([name, d.default]);
    }
    byProps.set(props, (found = withDefaults));
  }
  return found;
}

/** A JSON object of the data being defaulted. */
function isObject(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
