import { z } from 'zod';
import { isJsonObject, type JsonSchema } from '../../contracts/json.js';

type Node = { [keyword: string]: unknown };

/** Bounds zod writes for `z.int()`: JavaScript's safe-integer range, which Kubernetes does not need spelled out. */
const SAFE_INT = Number.MAX_SAFE_INTEGER;

/** Upstream keywords carried over where our schema says nothing: structure markers and value constraints. */
const CARRIED_KEYWORDS = [
  'x-kubernetes-map-type',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-validations',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string',
  'format',
  'pattern',
  'enum',
  'default',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
] as const;

/**
 * A Kubernetes structural schema (the `openAPIV3Schema` dialect of a CRD) for a zod schema.
 * `z.toJSONSchema` gives JSON Schema 2020-12; this removes what the API server rejects or does
 * not need (`$schema`, `propertyNames`, `additionalProperties: false` beside `properties`, the
 * safe-integer bounds of `z.int()`), turns `string | number` unions into
 * `x-kubernetes-int-or-string` and keeps `.meta()` keys such as `x-kubernetes-list-type`.
 *
 * With `upstream`, the result is cut to the fields the upstream schema declares (the wire format
 * shared with the upstream CRDs) and takes the upstream's markers and constraints where ours are
 * silent; a field our schema passes through unchecked (a loose object) takes the upstream's schema.
 *
 * Throws on constructs with no structural form (`$ref` cycles, unions of objects): those are
 * bugs in a schema meant for a CRD, not user errors.
 */
export function structuralSchema(schema: z.ZodType, upstream?: JsonSchema): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Node;
  const ours = normalize(json, '', true);
  return strip(upstream ? merge(ours, normalize(upstream, '', false), '') : ours);
}

function normalize(node: Node, at: string, fromZod: boolean): Node {
  if ('$ref' in node || 'allOf' in node || 'oneOf' in node || 'not' in node) {
    throw new Error(
      `structuralSchema: ${at || '<root>'} uses ${Object.keys(node)
        .filter((k) => ['$ref', 'allOf', 'oneOf', 'not'].includes(k))
        .join(', ')}, which has no structural form`,
    );
  }
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    switch (key) {
      case '$schema':
      case '$defs':
      case 'propertyNames':
      case 'description':
        break;
      case 'properties':
        out.properties = Object.fromEntries(
          Object.entries(value as Record<string, Node>).map(([k, v]) => [k, normalize(v, `${at}.${k}`, fromZod)]),
        );
        break;
      case 'items':
        out.items = normalize(value as Node, `${at}[]`, fromZod);
        break;
      case 'additionalProperties':
        // false: the API server prunes unknown fields anyway. {} / true: a loose object (see isLoose).
        if (isJsonObject(value) && Object.keys(value).length > 0) out.additionalProperties = normalize(value, `${at}{}`, fromZod);
        else if (value !== false) out['x-loose'] = true;
        break;
      case 'anyOf':
        Object.assign(out, unionToStructural(value as Node[], at));
        break;
      case 'type':
        // zod writes a union of primitives as a list of types.
        if (Array.isArray(value))
          Object.assign(
            out,
            unionToStructural(
              (value as unknown[]).map((type) => ({ type })),
              at,
            ),
          );
        else out.type = value;
        break;
      case 'const':
        out.enum = [value];
        break;
      case 'minimum':
        if (value !== -SAFE_INT) out.minimum = value;
        break;
      case 'maximum':
        if (value !== SAFE_INT) out.maximum = value;
        break;
      default:
        out[key] = value;
    }
  }
  // zod writes a pattern beside each format it knows, with regex features RE2 lacks; the format says it all.
  if (fromZod && typeof out.format === 'string') delete out.pattern;
  if (out.properties && out.additionalProperties) {
    throw new Error(`structuralSchema: ${at || '<root>'} has both properties and additionalProperties`);
  }
  if (out.properties && !out.type) out.type = 'object';
  return out;
}

function unionToStructural(branches: readonly Node[], at: string): Node {
  const nonNull = branches.filter((b) => b.type !== 'null');
  const [only] = nonNull;
  if (only && nonNull.length === 1 && branches.length === 2) return { ...normalize(only, at, true), nullable: true };
  const types = new Set(branches.map((b) => b.type));
  if (
    branches.every((b) => Object.keys(b).every((k) => k === 'type')) &&
    types.has('string') &&
    (types.has('number') || types.has('integer')) &&
    types.size === 2
  ) {
    return { 'x-kubernetes-int-or-string': true };
  }
  throw new Error(`structuralSchema: ${at || '<root>'} is a union (${[...types].join(' | ')}) with no structural form`);
}

function merge(ours: Node, up: Node, at: string): Node {
  // Our schema knows nothing here (z.unknown(), or a field of a loose object): take the upstream's.
  if (Object.keys(ours).length === 0) return strip(up);
  const out: Node = {};
  for (const [k, v] of Object.entries(ours)) {
    if (k !== 'properties' && k !== 'required' && k !== 'items' && k !== 'additionalProperties' && k !== 'x-loose') out[k] = v;
  }
  for (const k of CARRIED_KEYWORDS) if (out[k] === undefined && up[k] !== undefined) out[k] = up[k];
  if (up['x-kubernetes-int-or-string'] === true) delete out.type;

  const upProps = isJsonObject(up.properties) ? (up.properties as Record<string, Node>) : undefined;
  const ourProps = isJsonObject(ours.properties) ? (ours.properties as Record<string, Node>) : {};
  if (upProps) {
    const props: Record<string, Node> = {};
    for (const [k, upChild] of Object.entries(upProps)) {
      if (ourProps[k]) props[k] = merge(ourProps[k], upChild, `${at}.${k}`);
      else if (ours['x-loose'] === true) props[k] = strip(upChild);
    }
    out.properties = props;
    out.type = 'object';
    const required = [...new Set([...asStrings(ours.required), ...asStrings(up.required)])].filter((k) => k in props);
    if (required.length > 0) out.required = required;
  } else if (isJsonObject(up.additionalProperties)) {
    out.additionalProperties = merge(
      isJsonObject(ours.additionalProperties) ? ours.additionalProperties : {},
      up.additionalProperties,
      `${at}{}`,
    );
  } else if (ours.properties) {
    // No such node in the upstream specs today; should one appear, our declared fields stand.
    out.properties = ours.properties;
    if (ours.required) out.required = ours.required;
  }
  if (isJsonObject(up.items)) out.items = merge(isJsonObject(ours.items) ? ours.items : {}, up.items, `${at}[]`);
  return out;
}

/** A normalized node without our internal marker, recursively. */
function strip(node: Node): Node {
  const out: Node = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'x-loose') continue;
    if (k === 'properties')
      out.properties = Object.fromEntries(Object.entries(v as Record<string, Node>).map(([pk, pv]) => [pk, strip(pv)]));
    else if ((k === 'items' || k === 'additionalProperties') && isJsonObject(v)) out[k] = strip(v);
    else out[k] = v;
  }
  return out;
}

function asStrings(x: unknown): string[] {
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
}
