import type { z } from 'zod';
import type { Origin, Problem } from '../contracts/problem.js';
import {
  DEFAULT_CLASS_ANNOTATION,
  INTENT_API_VERSION,
  INTENT_GROUP,
  INTENT_KINDS,
  OTHER_GROUP_KINDS,
  type IntentKind,
} from '../contracts/api-group.js';
import { objectMetaSchema } from './common-schemas.js';
import type { AnyIntent, NamespaceFact, ToolGatewayClassFact } from './estate.js';
import { guardSpecSchema } from './guard-schema.js';
import { guardrailProviderSpecSchema } from './guardrail-provider-schema.js';
import { nameProblem, type NameRule } from '../contracts/names.js';
import { reservedLabelProblem } from '../contracts/reserved-labels.js';
import { toolGatewaySpecSchema } from './tool-gateway-schema.js';
import { toolRouteSpecSchema } from './tool-route-schema.js';
import { toolServerSpecSchema } from './tool-server-schema.js';
import { toolSetSpecSchema } from './tool-set-schema.js';
import { toolGatewayClassSpecSchema } from './tool-gateway-class-schema.js';
import { describeIssue, formatPath } from './zod-problems.js';
import { schemaFieldNames } from './schema-field-names.js';
import { unsafeData } from './unsafe-data.js';
import { closestName } from '../contracts/closest-name.js';
import { valueText } from '../contracts/value-text.js';
import type { ObjectId } from '../contracts/problem.js';

/** The longest text a message echoes of a value here (a 1 MB name is not repeated in full). */
const VALUE_MAX = 200;

/**
 * The spec schema and name rule of each kind. Kinds whose name becomes a Service name (the Gateway's proxy Service,
 * the ToolServer's Service, the guard adapter's Service) must be DNS-1035 labels.
 */
export const INTENT_KIND_SCHEMAS: Readonly<Record<IntentKind, { readonly schema: z.ZodType; readonly nameRule: NameRule }>> = {
  ToolGateway: { schema: toolGatewaySpecSchema, nameRule: 'dns1035-label' },
  ToolRoute: { schema: toolRouteSpecSchema, nameRule: 'dns1123-subdomain' },
  ToolServer: { schema: toolServerSpecSchema, nameRule: 'dns1035-label' },
  Guard: { schema: guardSpecSchema, nameRule: 'dns1035-label' },
  GuardrailProvider: { schema: guardrailProviderSpecSchema, nameRule: 'dns1123-subdomain' },
  ToolSet: { schema: toolSetSpecSchema, nameRule: 'dns1123-subdomain' },
};

const UNKNOWN_FIELD = 'unknown field (check the spelling: unknown fields are never ignored)';

/** The top-level fields of a Kubernetes object; `status` is the API server's to write and is not read. */
const TOP_LEVEL_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];

/** `metav1.ObjectMeta`: fields the API server accepts on any object; only name, namespace, labels and annotations are read. */
const METADATA_FIELDS = [
  'annotations',
  'creationTimestamp',
  'deletionGracePeriodSeconds',
  'deletionTimestamp',
  'finalizers',
  'generateName',
  'generation',
  'labels',
  'managedFields',
  'name',
  'namespace',
  'ownerReferences',
  'resourceVersion',
  'selfLink',
  'uid',
];

/** "unknown field", with the nearest allowed name when there is one near enough. */
function unknownField(key: string, allowed: readonly string[]): string {
  const guess = closestName(key, allowed);
  return guess ? `unknown field (did you mean ${valueText(guess)}? unknown fields are never ignored)` : UNKNOWN_FIELD;
}

/** Problems for the keys of `value` (at `path`) that are not in `allowed`, one per key, each at its own line. */
function unknownKeys(
  value: unknown,
  allowed: readonly string[],
  path: readonly string[],
  object: ObjectId,
  at: (path: readonly PropertyKey[]) => Origin | undefined,
  problems: Problem[],
): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return true;
  let ok = true;
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    problems.push({
      severity: 'error',
      object,
      field: formatPath([...path, key]),
      message: unknownField(key, allowed),
      origin: at([...path, key]),
    });
    ok = false;
  }
  return ok;
}

/** Why a document cannot be an object we read, when its apiVersion or kind is missing or not a string. */
function missingTypeProblem(apiVersion: unknown, kind: unknown): string | undefined {
  const missing = [
    ...(apiVersion === undefined || apiVersion === null || apiVersion === '' ? ['apiVersion'] : []),
    ...(kind === undefined || kind === null || kind === '' ? ['kind'] : []),
  ];
  if (missing.length > 0) return `the document has no ${missing.join(' and no ')}; ${SUPPORTED}`;
  if (typeof apiVersion !== 'string') return `apiVersion ${valueText(apiVersion)} is not a string; ${SUPPORTED}`;
  if (typeof kind !== 'string') return `kind ${valueText(kind)} is not a string; ${SUPPORTED}`;
  return undefined;
}

const SUPPORTED = `every Kubernetes object needs both (intent is ${INTENT_KINDS.join(', ')} of ${INTENT_API_VERSION})`;

/** The annotation `kubectl apply` keeps the whole applied object in; an export carries it, output never does. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** The kinds of our group the input may hold: intent, and the class that says which gateways are ours. */
const GROUP_KINDS_READ = [...INTENT_KINDS, 'ToolGatewayClass'];

/** An object of the input that is not intent: left alone with a note, or refused with `strictInput`. */
export interface SkippedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly origin?: Origin;
}

/** The API group of an apiVersion (`apps/v1` → `apps`; `v1` → the core group, ""). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The object as a skipped one, when it is neither intent nor something the compiler reads: any kind
 * outside our group, and the kinds of our group another operator owns. A v1 Namespace is read (for
 * its labels); an unknown kind of our group is a mistake, not something to skip.
 */
function skippedObject(apiVersion: string, kind: string, metadata: unknown, origin: Origin | undefined): SkippedObject | undefined {
  if (apiVersion === 'v1' && kind === 'Namespace') return undefined;
  if (groupOf(apiVersion) === INTENT_GROUP && !(OTHER_GROUP_KINDS as readonly string[]).includes(kind)) return undefined;
  const meta = (typeof metadata === 'object' && metadata !== null ? metadata : {}) as Record<string, unknown>;
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return { apiVersion, kind, namespace: text(meta.namespace), name: text(meta.name), origin };
}

/**
 * The message for an object of our group that is not one of the kinds the compiler knows, or not at
 * its version (objects of other groups never get here: they are skipped).
 */
function unknownGroupKind(apiVersion: string, kind: string): string {
  if (GROUP_KINDS_READ.includes(kind)) {
    return `apiVersion ${valueText(apiVersion, VALUE_MAX)} is not a version of ${kind} the compiler reads; use ${INTENT_API_VERSION}`;
  }
  const guess = closestName(kind, GROUP_KINDS_READ);
  return (
    `unknown kind ${valueText(kind, VALUE_MAX)} of ${INTENT_GROUP}${guess ? ` (did you mean ${guess}?)` : ''}: ` +
    `the compiler reads ${GROUP_KINDS_READ.join(', ')}, and skips the agent runtime's ${OTHER_GROUP_KINDS.join(', ')}`
  );
}

/** The intent's annotations as they go to output: without what `kubectl apply` and exports add. */
function ownAnnotations(annotations: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations ?? {}).filter(([key]) => key !== LAST_APPLIED_ANNOTATION));
}

/** Finds the line of a field inside the document, when the front door knows it. */
export type Locator = (path: readonly PropertyKey[]) => number | undefined;

export type ParsedDocument =
  | { readonly type: 'intent'; readonly object: AnyIntent }
  | { readonly type: 'namespace'; readonly fact: NamespaceFact }
  | { readonly type: 'toolGatewayClass'; readonly fact: ToolGatewayClassFact }
  | { readonly type: 'skipped'; readonly object: SkippedObject }
  | { readonly type: 'invalid' };

/**
 * Validates one intent document (a `runtime.agentic-layer.ai/v1alpha1` custom resource or a
 * `v1` Namespace) and applies the defaults the upstream webhooks would. Both front doors go
 * through here, so a mistake reads the same whether it was made in YAML or in TypeScript.
 */
export function parseIntentDocument(
  doc: unknown,
  origin: Origin | undefined,
  problems: Problem[],
  locate: Locator = () => undefined,
): ParsedDocument {
  const at = (path: readonly PropertyKey[]): Origin | undefined => {
    const line = locate(path);
    return line && origin ? { ...origin, line } : origin;
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    problems.push({ severity: 'error', message: 'expected a Kubernetes object (a map with apiVersion and kind)', origin });
    return { type: 'invalid' };
  }
  const { apiVersion, kind, metadata, spec } = doc as Record<string, unknown>;
  // Objects that are not intent are not read, so nothing inside them can be a mistake of ours.
  if (typeof apiVersion === 'string' && apiVersion !== '' && typeof kind === 'string' && kind !== '') {
    const skipped = skippedObject(apiVersion, kind, metadata, at([]));
    if (skipped) return { type: 'skipped', object: skipped };
  }

  const unsafe = unsafeData(doc);
  if (unsafe) {
    problems.push({ severity: 'error', field: formatPath(unsafe.path), message: unsafe.message, origin: at(unsafe.path) });
    return { type: 'invalid' };
  }
  const typeIssue = missingTypeProblem(apiVersion, kind);
  if (typeIssue) {
    problems.push({ severity: 'error', message: typeIssue, origin: at([]) });
    return { type: 'invalid' };
  }

  if (apiVersion === 'v1' && kind === 'Namespace') return parseNamespace(doc as Record<string, unknown>, at, problems);

  if (apiVersion === INTENT_API_VERSION && kind === 'ToolGatewayClass')
    return parseToolGatewayClass(doc as Record<string, unknown>, at, problems);

  if (apiVersion !== INTENT_API_VERSION || !INTENT_KINDS.includes(kind as IntentKind)) {
    const meta = (typeof metadata === 'object' && metadata !== null ? metadata : {}) as Record<string, unknown>;
    const object =
      typeof meta.name === 'string'
        ? { kind: String(kind), namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined, name: meta.name }
        : undefined;
    problems.push({ severity: 'error', object, message: unknownGroupKind(String(apiVersion), String(kind)), origin: at(['kind']) });
    return { type: 'invalid' };
  }
  const k = kind as IntentKind;
  const meta = objectMetaSchema.safeParse(metadata, { reportInput: true });
  if (!meta.success) {
    reportMetadata(meta.error.issues, k, metadata, at, problems);
    return { type: 'invalid' };
  }
  const { name, namespace } = meta.data;
  const object = { kind: k, namespace, name };
  let ok = unknownKeys(doc, TOP_LEVEL_FIELDS, [], object, at, problems);
  ok = unknownKeys(metadata, METADATA_FIELDS, ['metadata'], object, at, problems) && ok;
  // The object's label names the name and namespace: the messages about them do not repeat them.
  const nameIssue = nameProblem(name, INTENT_KIND_SCHEMAS[k].nameRule, { echo: false });
  if (nameIssue) {
    problems.push({ severity: 'error', object, field: 'metadata.name', message: nameIssue, origin: at(['metadata', 'name']) });
    ok = false;
  }
  if (namespace === undefined) {
    problems.push({
      severity: 'error',
      object,
      field: 'metadata.namespace',
      message: 'is required: the compiler does not know which namespace kubectl or Argo CD would pick, so name it',
      origin: at(['metadata']),
    });
    ok = false;
  } else {
    const nsIssue = nameProblem(namespace, 'dns1123-label', { echo: false });
    if (nsIssue) {
      problems.push({ severity: 'error', object, field: 'metadata.namespace', message: nsIssue, origin: at(['metadata', 'namespace']) });
      ok = false;
    }
  }
  // The intent's own labels go onto its status carrier, which the reconciler finds by ours.
  for (const key of Object.keys(meta.data.labels ?? {})) {
    const problem = reservedLabelProblem(key);
    if (problem) {
      const path = ['metadata', 'labels', key];
      problems.push({ severity: 'error', object, field: formatPath(path), message: problem, origin: at(path) });
      ok = false;
    }
  }
  const parsed = INTENT_KIND_SCHEMAS[k].schema.safeParse(spec ?? {}, { reportInput: true });
  if (!parsed.success) {
    reportSpec(parsed.error.issues, INTENT_KIND_SCHEMAS[k].schema, object, at, problems);
    ok = false;
  }
  if (!ok || namespace === undefined || !parsed.success) return { type: 'invalid' };
  return {
    type: 'intent',
    object: {
      kind: k,
      name,
      namespace,
      labels: meta.data.labels ?? {},
      annotations: ownAnnotations(meta.data.annotations),
      spec: parsed.data,
      origin,
    } as AnyIntent,
  };
}

/**
 * The metadata of a cluster-scoped document (a Namespace, a ToolGatewayClass): parsed, its top
 * level and metadata checked for unknown fields, and its name for `rule`. Undefined when the
 * metadata cannot be read at all; `ok` is false when anything was reported.
 */
function clusterScopedMeta(
  doc: Record<string, unknown>,
  kind: string,
  rule: NameRule,
  at: (path: readonly PropertyKey[]) => Origin | undefined,
  problems: Problem[],
): { meta: z.output<typeof objectMetaSchema>; object: ObjectId; ok: boolean } | undefined {
  const { metadata } = doc;
  const parsed = objectMetaSchema.safeParse(metadata, { reportInput: true });
  if (!parsed.success) {
    reportMetadata(parsed.error.issues, kind, metadata, at, problems);
    return undefined;
  }
  const object = { kind, name: parsed.data.name };
  let ok = unknownKeys(doc, TOP_LEVEL_FIELDS, [], object, at, problems);
  ok = unknownKeys(metadata, METADATA_FIELDS, ['metadata'], object, at, problems) && ok;
  const issue = nameProblem(parsed.data.name, rule, { echo: false });
  if (issue) {
    problems.push({ severity: 'error', object, field: 'metadata.name', message: issue, origin: at(['metadata', 'name']) });
    ok = false;
  }
  return { meta: parsed.data, object, ok };
}

function parseNamespace(
  doc: Record<string, unknown>,
  at: (path: readonly PropertyKey[]) => Origin | undefined,
  problems: Problem[],
): ParsedDocument {
  const read = clusterScopedMeta(doc, 'Namespace', 'dns1123-label', at, problems);
  if (!read?.ok) return { type: 'invalid' };
  const { meta } = read;
  // The API server sets this label on every namespace; selectors may rely on it.
  const labels = { ...(meta.labels ?? {}), 'kubernetes.io/metadata.name': meta.name };
  return { type: 'namespace', fact: { name: meta.name, labels, origin: at([]) } };
}

/** Spec problems, each at its own field; one line per unknown key, pointing at the key itself. */
function reportSpec(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  object: ObjectId,
  at: (path: readonly PropertyKey[]) => Origin | undefined,
  problems: Problem[],
): void {
  for (const issue of issues) {
    const path = ['spec', ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const allowed = schemaFieldNames(schema, issue.path);
      for (const key of issue.keys) {
        problems.push({
          severity: 'error',
          object,
          field: formatPath([...path, key]),
          message: unknownField(key, allowed),
          origin: at([...path, key]),
        });
      }
      continue;
    }
    problems.push({ severity: 'error', object, field: formatPath(path), message: describeIssue(issue), origin: at(path) });
  }
}

/**
 * A ToolGatewayClass (cluster-scoped): read for which controller owns which gateways, never emitted.
 * A namespace on it is ignored by the API server, and here with a warning.
 */
function parseToolGatewayClass(
  doc: Record<string, unknown>,
  at: (path: readonly PropertyKey[]) => Origin | undefined,
  problems: Problem[],
): ParsedDocument {
  const read = clusterScopedMeta(doc, 'ToolGatewayClass', 'dns1123-subdomain', at, problems);
  if (!read) return { type: 'invalid' };
  const { meta, object } = read;
  let { ok } = read;
  const { spec } = doc;
  if (meta.namespace !== undefined) {
    problems.push({
      severity: 'warning',
      object,
      field: 'metadata.namespace',
      message: 'is ignored: a ToolGatewayClass is cluster-scoped (remove the namespace)',
      origin: at(['metadata', 'namespace']),
    });
  }
  const parsed = toolGatewayClassSpecSchema.safeParse(spec, { reportInput: true });
  if (!parsed.success) {
    if (spec === undefined) {
      problems.push({ severity: 'error', object, field: 'spec.controller', message: 'is required', origin: at([]) });
    } else reportSpec(parsed.error.issues, toolGatewayClassSpecSchema, object, at, problems);
    ok = false;
  }
  if (!ok || !parsed.success) return { type: 'invalid' };
  return {
    type: 'toolGatewayClass',
    fact: {
      name: meta.name,
      controller: parsed.data.controller,
      isDefault: meta.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true',
      origin: at([]),
    },
  };
}

/** Metadata problems, each at its own field (a bad label value is not a missing name). */
function reportMetadata(
  issues: readonly z.core.$ZodIssue[],
  kind: string,
  metadata: unknown,
  at: (path: readonly PropertyKey[]) => Origin | undefined,
  problems: Problem[],
): void {
  const name = (metadata as { name?: unknown } | undefined)?.name;
  const object = { kind, name: typeof name === 'string' ? name : '?' };
  if (typeof metadata !== 'object' || metadata === null) {
    problems.push({
      severity: 'error',
      object,
      field: 'metadata',
      message: 'is required and must be a map with at least a name',
      origin: at([]),
    });
    return;
  }
  for (const issue of issues) {
    const path = ['metadata', ...issue.path];
    problems.push({ severity: 'error', object, field: formatPath(path), message: describeIssue(issue), origin: at(path) });
  }
}
