import type { Problem } from '../contracts/problem.js';
import { byNamespaceAndName, type AnyIntent, type Estate, type NamespaceFact } from './estate.js';
import type { ParsedDocument } from './parse-intent.js';

function where(o: { origin?: { file?: string; line?: number; constructPath?: string } }): string {
  const p = o.origin;
  if (!p) return 'elsewhere';
  if (p.file) return p.line ? `${p.file}:${p.line}` : p.file;
  return p.constructPath ? `construct ${p.constructPath}` : 'elsewhere';
}

/**
 * Gathers parsed documents into an Estate: sorted, with duplicates reported (two objects of
 * one kind with one namespace/name would overwrite each other in the cluster).
 */
export function assembleEstate(docs: readonly ParsedDocument[], problems: Problem[]): Estate {
  const seen = new Map<string, AnyIntent | NamespaceFact>();
  const objects: AnyIntent[] = [];
  const namespaces: NamespaceFact[] = [];
  for (const d of docs) {
    if (d.type === 'invalid') continue;
    const key = d.type === 'intent' ? `${d.object.kind}/${d.object.namespace}/${d.object.name}` : `Namespace//${d.fact.name}`;
    const item = d.type === 'intent' ? d.object : d.fact;
    const first = seen.get(key);
    if (first) {
      const object =
        d.type === 'intent'
          ? { kind: d.object.kind, namespace: d.object.namespace, name: d.object.name }
          : { kind: 'Namespace', name: d.fact.name };
      problems.push({
        severity: 'error',
        object,
        message: `is defined twice (first at ${where(first)}); each object must be defined once`,
        origin: item.origin,
      });
      continue;
    }
    seen.set(key, item);
    if (d.type === 'intent') objects.push(d.object);
    else namespaces.push(d.fact);
  }
  const of = <K extends AnyIntent['kind']>(kind: K) =>
    objects.filter((o): o is Extract<AnyIntent, { kind: K }> => o.kind === kind).sort(byNamespaceAndName);
  return {
    toolGateways: of('ToolGateway'),
    toolRoutes: of('ToolRoute'),
    toolServers: of('ToolServer'),
    guards: of('Guard'),
    guardrailProviders: of('GuardrailProvider'),
    namespaces: namespaces.sort(byNamespaceAndName),
  };
}
