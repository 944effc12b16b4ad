import type { Problem } from '../contracts/problem.js';
import { valueText } from '../contracts/value-text.js';
import { assembleEstate } from './assemble-estate.js';
import type { Estate, GuardIntent, GuardrailProviderIntent, ToolGatewayIntent, ToolServerIntent } from './estate.js';
import type { ParsedDocument } from './parse-intent.js';

/** Marks an intent document as owned by another pipeline: read for references and consent, never emitted. */
export const IMPORTED_ANNOTATION = 'cdk8s-tool-gateway/imported';

/**
 * Intent owned by other pipelines (other repositories): routes, gateways and guards compiled
 * here may refer to it, and its consent rules (allowedRoutes, allowedNamespaces) and
 * authentication are honoured, but nothing is emitted for it. Sorted like an Estate.
 */
export interface ImportedIntent {
  readonly toolGateways: readonly ToolGatewayIntent[];
  readonly toolServers: readonly ToolServerIntent[];
  readonly guards: readonly GuardIntent[];
  readonly guardrailProviders: readonly GuardrailProviderIntent[];
}

/** The estate to compile and what it imports. */
export interface EstateWithImports {
  readonly estate: Estate;
  readonly imported: ImportedIntent;
}

function where(o: { origin?: { file?: string; line?: number; constructPath?: string } }): string {
  const p = o.origin;
  if (p?.file) return p.line ? `${p.file}:${p.line}` : p.file;
  return p?.constructPath ? `construct ${p.constructPath}` : 'elsewhere';
}

/**
 * Splits parsed documents into the estate compiled here and the intent imported from other
 * pipelines. An intent document is imported when it carries `cdk8s-tool-gateway/imported: "true"`
 * or came in through `imports` (every intent document there counts, annotated or not; ToolRoutes
 * there are skipped, as nothing can refer to a route). Namespaces read through `imports` lend
 * their labels unless the input defines the namespace itself.
 *
 * An object defined here and imported too is compiled from the local definition, as for
 * TypeScript imports, with a warning: the two may disagree, and the local one is what the
 * cluster will hold if this pipeline applies it.
 */
export function separateImports(
  local: readonly ParsedDocument[],
  imports: readonly ParsedDocument[],
  problems: Problem[],
): EstateWithImports {
  const own: ParsedDocument[] = [];
  const foreign: ParsedDocument[] = [];
  for (const d of local) {
    if (d.type !== 'intent') {
      own.push(d);
      continue;
    }
    const value = d.object.annotations[IMPORTED_ANNOTATION];
    if (value === undefined || value === 'false') own.push(d);
    else if (value !== 'true') {
      problems.push({
        severity: 'error',
        object: { kind: d.object.kind, namespace: d.object.namespace, name: d.object.name },
        field: `metadata.annotations.${IMPORTED_ANNOTATION}`,
        message: `is ${valueText(value, 40)}; allowed: "true" (owned by another pipeline: read, never emitted) or "false"`,
        origin: d.object.origin,
      });
    } else if (d.object.kind === 'ToolRoute') {
      problems.push({
        severity: 'error',
        object: { kind: d.object.kind, namespace: d.object.namespace, name: d.object.name },
        field: `metadata.annotations.${IMPORTED_ANNOTATION}`,
        message:
          'cannot import a ToolRoute: nothing refers to a route, so an imported one would do nothing; remove the route, or the annotation to compile it here',
        origin: d.object.origin,
      });
    } else foreign.push(d);
  }
  const localNamespaces = new Set(own.flatMap((d) => (d.type === 'namespace' ? [d.fact.name] : [])));
  const importedNamespaces = new Set<string>();
  for (const d of imports) {
    if (d.type === 'intent' && d.object.kind !== 'ToolRoute') foreign.push(d);
    else if (d.type === 'namespace' && !localNamespaces.has(d.fact.name) && !importedNamespaces.has(d.fact.name)) {
      // The first import of a namespace lends its labels; the owner of the namespace decides them, not us.
      importedNamespaces.add(d.fact.name);
      own.push(d);
    }
  }

  const estate = assembleEstate(own, problems);
  const imported = assembleEstate(foreign, problems);
  const defined = new Map(
    [estate.toolGateways, estate.toolServers, estate.guards, estate.guardrailProviders].flatMap((list) =>
      list.map((o) => [`${o.kind}/${o.namespace}/${o.name}`, o] as const),
    ),
  );
  const notLocal = (o: ToolGatewayIntent | ToolServerIntent | GuardIntent | GuardrailProviderIntent): boolean => {
    const mine = defined.get(`${o.kind}/${o.namespace}/${o.name}`);
    if (!mine) return true;
    problems.push({
      severity: 'warning',
      object: { kind: o.kind, namespace: o.namespace, name: o.name },
      message: `is defined here and imported too (at ${where(o)}); this definition is compiled and the import is ignored`,
      origin: mine.origin,
    });
    return false;
  };
  return {
    estate,
    imported: {
      toolGateways: imported.toolGateways.filter(notLocal),
      toolServers: imported.toolServers.filter(notLocal),
      guards: imported.guards.filter(notLocal),
      guardrailProviders: imported.guardrailProviders.filter(notLocal),
    },
  };
}
