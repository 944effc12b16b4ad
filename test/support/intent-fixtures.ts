/**
 * Builders for intent documents in tests. Every object goes through the real front door
 * (`parseIntentDocument` + `assembleEstate`), so defaults are applied exactly as in production
 * and no test hand-constructs an IntentObject with missing defaults.
 */
import { assembleEstate } from '../../src/intent/assemble-estate.js';
import { INTENT_API_VERSION } from '../../src/contracts/api-group.js';
import type { AnyIntent, Estate } from '../../src/intent/estate.js';
import { parseIntentDocument, type ParsedDocument } from '../../src/intent/parse-intent.js';
import { formatProblem, type Problem } from '../../src/contracts/problem.js';

export type Doc = Record<string, unknown>;

/** A custom resource document; `namespace: undefined` leaves `metadata.namespace` out. */
export function cr(kind: string, namespace: string | undefined, name: string, spec?: unknown): Doc {
  const metadata: Doc = { name };
  if (namespace !== undefined) metadata.namespace = namespace;
  const doc: Doc = { apiVersion: INTENT_API_VERSION, kind, metadata };
  if (spec !== undefined) doc.spec = spec;
  return doc;
}

export const IMAGE = 'ghcr.io/example/mcp-server:1.0.0';

export const toolGateway = (namespace: string, name: string, spec: Doc = {}): Doc => cr('ToolGateway', namespace, name, spec);

export const toolServer = (namespace: string, name: string, spec: Doc = {}): Doc =>
  cr('ToolServer', namespace, name, { image: IMAGE, ...spec });

export const toolRoute = (namespace: string, name: string, spec: Doc): Doc => cr('ToolRoute', namespace, name, spec);

/** A route to a ToolServer (same namespace unless `serverNamespace` is given). */
export function routeToServer(namespace: string, name: string, server: string, extra: Doc = {}, serverNamespace?: string): Doc {
  const toolServerRef: Doc = { name: server };
  if (serverNamespace) toolServerRef.namespace = serverNamespace;
  return toolRoute(namespace, name, { upstream: { toolServerRef }, ...extra });
}

export const routeToUrl = (namespace: string, name: string, url: string, extra: Doc = {}): Doc =>
  toolRoute(namespace, name, { upstream: { external: { url } }, ...extra });

/** A Guard with the smallest valid spec (pre_call, provider `presidio` in its own namespace). */
export const guard = (namespace: string, name: string, spec: Doc = {}): Doc =>
  cr('Guard', namespace, name, { mode: ['pre_call'], providerRef: { name: 'presidio' }, ...spec });

export const presidioProvider = (namespace: string, name = 'presidio', baseUrl = 'http://presidio:8000'): Doc =>
  cr('GuardrailProvider', namespace, name, { type: 'presidio-api', presidio: { baseUrl } });

export function namespaceDoc(name: string, labels?: Record<string, string>): Doc {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: labels ? { name, labels } : { name } };
}

export function parseDocs(docs: readonly unknown[]): { parsed: ParsedDocument[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const parsed = docs.map((d) => parseIntentDocument(d, undefined, problems));
  return { parsed, problems };
}

export function estateOf(docs: readonly unknown[]): { estate: Estate; problems: Problem[] } {
  const { parsed, problems } = parseDocs(docs);
  return { estate: assembleEstate(parsed, problems), problems };
}

export function errorsOf(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === 'error');
}

/** An Estate from documents that must be valid; throws with the problems otherwise. */
export function validEstate(docs: readonly unknown[]): Estate {
  const { estate, problems } = estateOf(docs);
  const errors = errorsOf(problems);
  if (errors.length > 0) throw new Error(`fixture is not valid intent:\n${errors.map(formatProblem).join('\n')}`);
  return estate;
}

/** The one intent object a valid document parses into. */
export function intentOf<K extends AnyIntent['kind']>(kind: K, doc: unknown): Extract<AnyIntent, { kind: K }> {
  const problems: Problem[] = [];
  const parsed = parseIntentDocument(doc, undefined, problems);
  if (parsed.type !== 'intent' || problems.length > 0) {
    throw new Error(`fixture is not valid intent:\n${problems.map(formatProblem).join('\n')}`);
  }
  if (parsed.object.kind !== kind) throw new Error(`fixture is a ${parsed.object.kind}, not a ${kind}`);
  return parsed.object as Extract<AnyIntent, { kind: K }>;
}
