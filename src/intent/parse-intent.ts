import type { z } from 'zod';
import type { Origin, Problem } from '../contracts/problem.js';
import { INTENT_API_VERSION, INTENT_KINDS, type IntentKind } from '../contracts/api-group.js';
import { objectMetaSchema } from './common-schemas.js';
import type { AnyIntent, NamespaceFact } from './estate.js';
import { guardSpecSchema } from './guard-schema.js';
import { guardrailProviderSpecSchema } from './guardrail-provider-schema.js';
import { nameProblem, type NameRule } from '../contracts/names.js';
import { reservedLabelProblem } from '../contracts/reserved-labels.js';
import { toolGatewaySpecSchema } from './tool-gateway-schema.js';
import { toolRouteSpecSchema } from './tool-route-schema.js';
import { toolServerSpecSchema } from './tool-server-schema.js';
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

const SUPPORTED = `the input may hold ${INTENT_KINDS.join(', ')} (${INTENT_API_VERSION}) and v1 Namespace objects`;

/** Finds the line of a field inside the document, when the front door knows it. */
export type Locator = (path: readonly PropertyKey[]) => number | undefined;

export type ParsedDocument =
  | { readonly type: 'intent'; readonly object: AnyIntent }
  | { readonly type: 'namespace'; readonly fact: NamespaceFact }
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

  if (apiVersion !== INTENT_API_VERSION || !INTENT_KINDS.includes(kind as IntentKind)) {
    problems.push({
      severity: 'error',
      message: `unsupported object ${valueText(`${String(apiVersion)}/${String(kind)}`, VALUE_MAX)}; ${SUPPORTED}`,
      origin: at(['kind']),
    });
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
    for (const issue of parsed.error.issues) {
      const path = ['spec', ...issue.path];
      if (issue.code === 'unrecognized_keys') {
        // One line per unknown key, pointing at the key itself.
        const allowed = schemaFieldNames(INTENT_KIND_SCHEMAS[k].schema, issue.path);
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
      annotations: meta.data.annotations ?? {},
      spec: parsed.data,
      origin,
    } as AnyIntent,
  };
}

function parseNamespace(
  doc: Record<string, unknown>,
  at: (path: readonly PropertyKey[]) => Origin | undefined,
  problems: Problem[],
): ParsedDocument {
  const { metadata } = doc;
  const meta = objectMetaSchema.safeParse(metadata, { reportInput: true });
  if (!meta.success) {
    reportMetadata(meta.error.issues, 'Namespace', metadata, at, problems);
    return { type: 'invalid' };
  }
  const object = { kind: 'Namespace', name: meta.data.name };
  const topKnown = unknownKeys(doc, TOP_LEVEL_FIELDS, [], object, at, problems);
  const metaKnown = unknownKeys(metadata, METADATA_FIELDS, ['metadata'], object, at, problems);
  const issue = nameProblem(meta.data.name, 'dns1123-label', { echo: false });
  if (issue) problems.push({ severity: 'error', object, field: 'metadata.name', message: issue, origin: at(['metadata', 'name']) });
  if (!topKnown || !metaKnown || issue) return { type: 'invalid' };
  // The API server sets this label on every namespace; selectors may rely on it.
  const labels = { ...(meta.data.labels ?? {}), 'kubernetes.io/metadata.name': meta.data.name };
  return { type: 'namespace', fact: { name: meta.data.name, labels, origin: at([]) } };
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
