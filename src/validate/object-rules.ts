import { formatFieldPath } from '../contracts/field-path.js';
import { isJsonObject } from '../contracts/json.js';
import { NAME_PATTERNS, type NamePattern } from '../contracts/names.js';
import type { EmittedObject } from '../contracts/manifest.js';
import { objectLabel, type Problem } from '../contracts/problem.js';
import { valueText } from '../contracts/value-text.js';
import { manifestProblem } from './manifest-problem.js';
import { networkPolicyProblems } from './network-policy-rules.js';
import { defaultSchemaRegistry, type SchemaRegistry } from './schema-registry.js';

const DNS1123_SUBDOMAIN = NAME_PATTERNS['dns1123-subdomain'];
const DNS1123_LABEL = NAME_PATTERNS['dns1123-label'];
const DNS1035_LABEL = NAME_PATTERNS['dns1035-label'];
/** RBAC objects only need to be usable as a URL path segment. */
const PATH_SEGMENT: NamePattern = {
  what: 'a path segment name',
  max: Number.MAX_SAFE_INTEGER,
  pattern: /^(?!\.\.?$)[^/%]+$/,
  allowed: 'any characters except \'/\' and \'%\', and not "." or ".."',
};

/** Kinds whose name rule is not the default DNS-1123 subdomain, keyed by `group/kind` ("" = core group). */
const NAME_RULES: Record<string, NamePattern> = {
  '/Service': DNS1035_LABEL,
  '/Namespace': DNS1123_LABEL,
  'rbac.authorization.k8s.io/Role': PATH_SEGMENT,
  'rbac.authorization.k8s.io/RoleBinding': PATH_SEGMENT,
  'rbac.authorization.k8s.io/ClusterRole': PATH_SEGMENT,
  'rbac.authorization.k8s.io/ClusterRoleBinding': PATH_SEGMENT,
};

/** Label values and the name part of label/annotation keys. */
const QUALIFIED_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUALIFIED_PART_ALLOWED = "letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
/** The API server's limit on all annotation keys and values of one object together. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/**
 * The checks the API server makes outside the OpenAPI schema: name and namespace syntax per kind, namespace
 * presence by scope, label and annotation keys and values, NetworkPolicy CIDRs, and no two objects with the same
 * (group, kind, namespace, name) in one output.
 */
export function checkObjectRules(objects: readonly EmittedObject[], registry: SchemaRegistry = defaultSchemaRegistry()): Problem[] {
  const rules = new ObjectRules(registry);
  for (const obj of objects) rules.add(obj);
  return rules.problems;
}

/**
 * `checkObjectRules` one object at a time, for a gate that receives the objects in batches. It
 * remembers each object's identity (for the duplicate check), not the object.
 */
export class ObjectRules {
  readonly problems: Problem[] = [];
  private readonly seen = new Map<string, { readonly index: number; readonly from: string }>();
  private count = 0;

  constructor(private readonly registry: SchemaRegistry = defaultSchemaRegistry()) {}

  add(obj: EmittedObject): void {
    const index = this.count++;
    const { problems, seen, registry } = this;
    const error = (field: string, message: string): void => {
      problems.push(manifestProblem(obj, 'error', field, message));
    };
    const m = obj.manifest as { apiVersion?: unknown; kind?: unknown; metadata?: unknown };
    for (const key of ['apiVersion', 'kind'] as const) {
      if (typeof m[key] !== 'string' || m[key] === '') error(key, missingOrNotString(key, m[key]));
    }
    if (typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') return;
    if (!isJsonObject(m.metadata)) {
      error('metadata', `required field "metadata" is missing`);
      return;
    }
    const meta = m.metadata;
    const group = m.apiVersion.includes('/') ? m.apiVersion.slice(0, m.apiVersion.indexOf('/')) : '';

    if (typeof meta.name !== 'string' || meta.name === '') error('metadata.name', missingOrNotString('name', meta.name));
    else
      for (const msg of nameProblems('name', meta.name, NAME_RULES[`${group}/${m.kind}`] ?? DNS1123_SUBDOMAIN)) error('metadata.name', msg);

    const namespace = meta.namespace === '' ? undefined : meta.namespace;
    const scope = registry.scope(m.apiVersion, m.kind);
    if (namespace === undefined) {
      if (scope === 'Namespaced') error('metadata.namespace', `required field "namespace" is missing; ${m.kind} is a namespaced kind`);
    } else if (typeof namespace !== 'string') {
      error('metadata.namespace', missingOrNotString('namespace', namespace));
    } else if (scope === 'Cluster') {
      error(
        'metadata.namespace',
        `namespace ${valueText(namespace)} is not allowed; ${m.kind} is cluster-scoped, so metadata.namespace must be unset`,
      );
    } else {
      for (const msg of nameProblems('namespace', namespace, DNS1123_LABEL)) error('metadata.namespace', msg);
    }

    checkLabels(meta.labels, error);
    checkAnnotations(meta.annotations, error);
    if (group === 'networking.k8s.io' && m.kind === 'NetworkPolicy') {
      for (const p of networkPolicyProblems((m as { spec?: unknown }).spec)) error(p.field, p.message);
    }

    if (typeof meta.name === 'string' && meta.name !== '') {
      const key = [group, m.kind, typeof namespace === 'string' ? namespace : '', meta.name].join('\u0000');
      const first = seen.get(key);
      if (!first) seen.set(key, { index, from: obj.provenance ? ` (generated from ${objectLabel(obj.provenance.intent)})` : '' });
      else {
        const from = first.from;
        const id = typeof namespace === 'string' ? `${namespace}/${meta.name}` : meta.name;
        error(
          'metadata.name',
          `duplicate object: ${m.kind} ${id} (${group === '' ? 'core group' : `group ${group}`}) is also emitted as object #${first.index + 1}${from}; ` +
            'names must be unique per group, kind and namespace',
        );
      }
    }
  }
}

/** Name and namespace problems; the object's label already shows the value, so the message does not repeat it. */
function nameProblems(what: string, value: string, rule: NamePattern): string[] {
  const out: string[] = [];
  const length = Array.from(value).length;
  if (length > rule.max) out.push(`${what} is too long (${length} characters); ${rule.what} has at most ${rule.max}`);
  if (!rule.pattern.test(value)) out.push(`${what} is not ${rule.what}; use ${rule.allowed}`);
  return out;
}

function checkLabels(labels: unknown, error: (field: string, message: string) => void): void {
  if (!isJsonObject(labels)) return; // a non-object is a schema error, reported by the structural check
  for (const [key, value] of Object.entries(labels)) {
    const field = formatFieldPath(['metadata', 'labels', key]);
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) error(field, `label key ${valueText(key)} is invalid: ${keyProblem}`);
    if (typeof value !== 'string' || value === '') continue;
    const length = Array.from(value).length;
    if (length > 63) error(field, `label value ${valueText(value)} is invalid: it is ${length} characters long; at most 63 allowed`);
    else if (!QUALIFIED_PART.test(value)) {
      error(field, `label value ${valueText(value)} is invalid: use ${QUALIFIED_PART_ALLOWED}, or leave it empty`);
    }
  }
}

function checkAnnotations(annotations: unknown, error: (field: string, message: string) => void): void {
  if (!isJsonObject(annotations)) return;
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    // The API server lowercases annotation keys before checking them, so `Example.com/X` is fine.
    const keyProblem = qualifiedNameProblem(key.toLowerCase());
    if (keyProblem) error(formatFieldPath(['metadata', 'annotations', key]), `annotation key ${valueText(key)} is invalid: ${keyProblem}`);
    bytes += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    error(
      'metadata.annotations',
      `annotations are too large (${bytes} bytes of keys and values); at most ${ANNOTATIONS_MAX_BYTES} allowed`,
    );
  }
}

/** Why `key` is not a qualified name (`[prefix/]name`), or undefined when it is one. */
function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  if (slash !== key.lastIndexOf('/')) return 'it has more than one "/"; use an optional DNS subdomain prefix, "/", and a name';
  const name = key.slice(slash + 1);
  if (slash !== -1) {
    const prefix = key.slice(0, slash);
    if (prefix === '') return 'the prefix before "/" is empty';
    if (prefix.length > 253) return `the prefix is ${prefix.length} characters long; at most 253 allowed`;
    if (!DNS1123_SUBDOMAIN.pattern.test(prefix))
      return `the prefix ${valueText(prefix)} is not a DNS-1123 subdomain; use ${DNS1123_SUBDOMAIN.allowed}`;
  }
  if (name === '') return 'the name part is empty';
  if (name.length > 63) return `the name part is ${name.length} characters long; at most 63 allowed`;
  if (!QUALIFIED_PART.test(name)) return `the name part ${valueText(name)} is not valid; use ${QUALIFIED_PART_ALLOWED}`;
  return undefined;
}

function missingOrNotString(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return `required field "${field}" is missing`;
  return `value ${valueText(value)} is not a string; ${field} must be a non-empty string`;
}
