import type { DefinedError, ErrorObject } from 'ajv';
import { formatFieldPath, type PathSegment } from '../contracts/field-path.js';
import { valueText } from '../contracts/value-text.js';
import { INT_RANGES } from './ajv-instance.js';
import { closestName } from '../contracts/closest-name.js';
import { isSchemaNode } from './schema-ref.js';
import type { StructuralIssue } from './structural-issue.js';

interface Translated {
  readonly segments: PathSegment[];
  readonly message: string;
  /**
   * What would have been accepted, as a predicate ("must be at least 1"), used to explain anyOf/oneOf
   * failures branch by branch.
   */
  readonly expected: string;
}

/**
 * Turns ajv's errors for one object into sentences that name the field, the bad value and what is allowed.
 * Errors inside a failed anyOf/oneOf branch are folded into the anyOf/oneOf error; repeats are dropped.
 * `data` is the object the errors are about, used to tell list indexes from map keys in error paths.
 */
export function translateAjvErrors(errors: readonly ErrorObject[], data: unknown): StructuralIssue[] {
  const junctions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  const inBranch = (e: ErrorObject): boolean => junctions.some((p) => e.schemaPath.startsWith(p));
  const issues: StructuralIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (inBranch(e)) continue;
    const t = e.keyword === 'anyOf' || e.keyword === 'oneOf' ? junctionError(e, errors, data) : describe(e, data);
    const issue = { field: formatFieldPath(t.segments), message: t.message };
    const id = `${issue.field}\u0000${issue.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      issues.push(issue);
    }
  }
  return issues;
}

function junctionError(e: ErrorObject, all: readonly ErrorObject[], data: unknown): Translated {
  const segments = pointerToSegments(e.instancePath, data);
  const value = valueText(e.data);
  const passing = (e.params as { passingSchemas?: number[] | null }).passingSchemas;
  if (e.keyword === 'oneOf' && Array.isArray(passing)) {
    const message = `value ${value} matches more than one of the allowed forms (${passing.length}); exactly one must match`;
    return { segments, message, expected: 'must match exactly one of the allowed forms' };
  }
  const prefix = `${e.schemaPath}/`;
  const hints = new Set<string>();
  for (const b of all) {
    if (!b.schemaPath.startsWith(prefix) || b.keyword === 'anyOf' || b.keyword === 'oneOf') continue;
    const rel = formatFieldPath(pointerToSegments(b.instancePath, data).slice(segments.length));
    const expected = describe(b, data).expected;
    hints.add(rel ? `${rel} ${expected}` : expected);
  }
  const list = [...hints];
  const message =
    list.length > 0
      ? `value ${value} matches none of the allowed forms: ${list.join('; or ')}`
      : `value ${value} matches none of the allowed forms`;
  return { segments, message, expected: list.join('; or ') || 'must match one of the allowed forms' };
}

function describe(error: ErrorObject, data: unknown): Translated {
  const segments = pointerToSegments(error.instancePath, data);
  const value = valueText(error.data);
  const at = (message: string, expected: string, extra?: PathSegment): Translated => ({
    segments: extra === undefined ? segments : [...segments, extra],
    message,
    expected,
  });
  // Every error of the keywords below comes from ajv itself, with the params its type declares.
  const e = error as DefinedError;
  switch (e.keyword) {
    case 'required': {
      const name = valueText(e.params.missingProperty);
      return at(`required field ${name} is missing`, `must have field ${name}`, e.params.missingProperty);
    }
    case 'additionalProperties': {
      const name = e.params.additionalProperty;
      return at(unknownFieldMessage(name, e.parentSchema), `must not have field ${valueText(name)}`, name);
    }
    case 'type': {
      const expected = typeWords(typeList(e.params.type));
      return at(`value ${value} is ${article(jsonType(e.data))}; expected ${expected}`, `must be ${expected}`);
    }
    case 'enum': {
      const allowed = Array.isArray(e.schema) ? e.schema.map((v) => valueText(v)).join(', ') : '';
      return at(`unsupported value ${value}; allowed values: ${allowed}`, `must be one of ${allowed}`);
    }
    case 'const': {
      const allowed = valueText(e.params.allowedValue);
      return at(`unsupported value ${value}; the only allowed value is ${allowed}`, `must be ${allowed}`);
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return at(
        `value ${value} is too small; minimum is ${e.params.limit}${e.params.comparison === '>' ? ' (exclusive)' : ''}`,
        `must be at least ${e.params.limit}`,
      );
    case 'maximum':
    case 'exclusiveMaximum':
      return at(
        `value ${value} is too large; maximum is ${e.params.limit}${e.params.comparison === '<' ? ' (exclusive)' : ''}`,
        `must be at most ${e.params.limit}`,
      );
    case 'multipleOf':
      return at(`value ${value} is not a multiple of ${e.params.multipleOf}`, `must be a multiple of ${e.params.multipleOf}`);
    case 'minLength':
      return at(
        `value ${value} is too short (${charCount(e.data)} characters); minimum length is ${e.params.limit}`,
        `must be at least ${e.params.limit} characters long`,
      );
    case 'maxLength':
      return at(
        `value ${value} is too long (${charCount(e.data)} characters); maximum length is ${e.params.limit}`,
        `must be at most ${e.params.limit} characters long`,
      );
    case 'pattern':
      return at(`value ${value} does not match the required pattern ${e.params.pattern}`, `must match ${e.params.pattern}`);
    case 'format':
      return formatError(e.params.format, value, at);
    case 'minItems':
      return at(`list has ${entryCount(e.data)} items; at least ${e.params.limit} required`, `must have at least ${e.params.limit} items`);
    case 'maxItems':
      return at(`list has ${entryCount(e.data)} items; at most ${e.params.limit} allowed`, `must have at most ${e.params.limit} items`);
    case 'uniqueItems':
      return at(`duplicate items at index ${e.params.j} and ${e.params.i}; items must be unique`, 'must have unique items');
    case 'minProperties':
      return at(`has ${entryCount(e.data)} entries; at least ${e.params.limit} required`, `must have at least ${e.params.limit} entries`);
    case 'maxProperties':
      return at(`has ${entryCount(e.data)} entries; at most ${e.params.limit} allowed`, `must have at most ${e.params.limit} entries`);
    case 'not': {
      const banned = isSchemaNode(e.schema) && Array.isArray(e.schema.enum) ? e.schema.enum.map((v) => valueText(v)).join(', ') : undefined;
      return banned
        ? at(`value ${value} is not allowed here; must not be one of ${banned}`, `must not be one of ${banned}`)
        : at(`value ${value} is not allowed here`, 'must not match this form');
    }
    default:
      return at(`value ${value} ${error.message ?? `fails ${error.keyword}`}`, error.message ?? `must satisfy ${error.keyword}`);
  }
}

function formatError(format: string, value: string, at: (message: string, expected: string) => Translated): Translated {
  const range = INT_RANGES[format];
  if (range) return at(`value ${value} does not fit in ${format}; allowed range is ${range.text}`, `must fit in ${format}`);
  const hints: Record<string, string> = {
    'date-time': 'an RFC 3339 date-time such as "2006-01-02T15:04:05Z"',
    date: 'a date such as "2006-01-02"',
    uri: 'an absolute URI such as "https://example.com/path" or an absolute path',
    ipv4: 'an IPv4 address',
    ipv6: 'an IPv6 address',
    hostname: 'a DNS hostname',
    email: 'an email address',
    uuid: 'a UUID',
    byte: 'base64-encoded data',
  };
  const expected = hints[format] ?? `a valid ${format}`;
  return at(`value ${value} is not a valid ${format}; expected ${expected}`, `must be ${expected}`);
}

function unknownFieldMessage(name: string, parentSchema: unknown): string {
  const props = isSchemaNode(parentSchema) && isSchemaNode(parentSchema.properties) ? Object.keys(parentSchema.properties).sort() : [];
  if (props.length === 0) return `unknown field ${valueText(name)}; this object takes no fields`;
  const guess = closestName(name, props);
  const hint = guess ? ` (did you mean ${valueText(guess)}?)` : '';
  const shown = props.length > 15 ? `${props.slice(0, 15).join(', ')}, … (${props.length} in all)` : props.join(', ');
  return `unknown field ${valueText(name)}${hint}; allowed fields here: ${shown}`;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** ajv declares the `type` param a string, but gives a union type (`[integer, string]`) as the list it is. */
function typeList(type: unknown): string[] {
  if (Array.isArray(type)) return type.filter((t) => typeof t === 'string');
  return typeof type === 'string' ? type.split(',') : [];
}

/** `["integer","string"]` -> "an integer or a string". */
function typeWords(types: readonly string[]): string {
  const words = types.map((t) => article(t === 'array' ? 'list' : t));
  const last = words.pop() ?? '';
  return words.length > 0 ? `${words.join(', ')} or ${last}` : last;
}

function article(word: string): string {
  if (word === 'null') return 'null';
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

/** Characters as the API server counts them for minLength/maxLength: code points, not UTF-16 units. */
function charCount(v: unknown): number {
  return typeof v === 'string' ? Array.from(v).length : 0;
}

/** Items of a list, or entries of an object. */
function entryCount(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  return typeof v === 'object' && v !== null ? Object.keys(v).length : 0;
}

/** `/spec/rules/0/name` -> ['spec', 'rules', 0, 'name'], using the data to tell list indexes from map keys. */
function pointerToSegments(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const out: PathSegment[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(key);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(key);
      cur = isSchemaNode(cur) ? cur[key] : undefined;
    }
  }
  return out;
}
