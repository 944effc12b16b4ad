import { compareStrings } from '../contracts/json.js';
import type { Problem } from '../contracts/problem.js';
import { byNamespaceAndName, type AnyIntent, type Estate, type NamespaceFact, type ToolGatewayClassFact } from './estate.js';
import type { ParsedDocument } from './parse-intent.js';

function where(o: { origin?: { file?: string; line?: number; constructPath?: string } }): string {
  const p = o.origin;
  if (!p) return 'elsewhere';
  if (p.file) return p.line ? `${p.file}:${p.line}` : p.file;
  return p.constructPath ? `construct ${p.constructPath}` : 'elsewhere';
}

/** What two copies of a Namespace or ToolGatewayClass must agree on to be one object, as text to compare. */
const sameAs = {
  Namespace: (f: NamespaceFact) => JSON.stringify(Object.entries(f.labels).sort(([a], [b]) => compareStrings(a, b))),
  ToolGatewayClass: (f: ToolGatewayClassFact) => JSON.stringify([f.controller, f.isDefault]),
};
const differIn = { Namespace: 'labels', ToolGatewayClass: 'controller or default-class annotation' };

/**
 * Gathers parsed documents into an Estate: sorted, with duplicates reported (two objects of
 * one kind with one namespace/name would overwrite each other in the cluster). A Namespace or
 * ToolGatewayClass written twice alike is one object (GitOps folders repeat the Namespace of
 * each app, and kubectl applies it twice); written twice differently, it is an error.
 */
export function assembleEstate(docs: readonly ParsedDocument[], problems: Problem[]): Estate {
  const seen = new Map<string, AnyIntent>();
  const objects: AnyIntent[] = [];
  const facts = { Namespace: new Map<string, NamespaceFact>(), ToolGatewayClass: new Map<string, ToolGatewayClassFact>() };
  for (const d of docs) {
    if (d.type === 'invalid' || d.type === 'skipped') continue;
    if (d.type === 'namespace' || d.type === 'toolGatewayClass') {
      const kind = d.type === 'namespace' ? 'Namespace' : 'ToolGatewayClass';
      const known = facts[kind] as Map<string, NamespaceFact | ToolGatewayClassFact>;
      const same = sameAs[kind] as (f: NamespaceFact | ToolGatewayClassFact) => string;
      const first = known.get(d.fact.name);
      if (!first) known.set(d.fact.name, d.fact);
      else if (same(first) !== same(d.fact)) {
        problems.push({
          severity: 'error',
          object: { kind, name: d.fact.name },
          message: `is defined twice with different ${differIn[kind]} (first at ${where(first)}); kubectl would apply one over the other, so define it once or alike`,
          origin: d.fact.origin,
        });
      }
      continue;
    }
    const key = `${d.object.kind}/${d.object.namespace}/${d.object.name}`;
    const first = seen.get(key);
    if (first) {
      problems.push({
        severity: 'error',
        object: { kind: d.object.kind, namespace: d.object.namespace, name: d.object.name },
        message: `is defined twice (first at ${where(first)}); each object must be defined once`,
        origin: d.object.origin,
      });
      continue;
    }
    seen.set(key, d.object);
    objects.push(d.object);
  }
  const of = <K extends AnyIntent['kind']>(kind: K) =>
    objects.filter((o): o is Extract<AnyIntent, { kind: K }> => o.kind === kind).sort(byNamespaceAndName);
  const classes = [...facts.ToolGatewayClass.values()].sort(byNamespaceAndName);
  const toolSets = of('ToolSet');
  return {
    toolGateways: of('ToolGateway'),
    toolRoutes: of('ToolRoute'),
    toolServers: of('ToolServer'),
    guards: of('Guard'),
    guardrailProviders: of('GuardrailProvider'),
    namespaces: [...facts.Namespace.values()].sort(byNamespaceAndName),
    ...(classes.length > 0 ? { toolGatewayClasses: classes } : {}),
    ...(toolSets.length > 0 ? { toolSets } : {}),
  };
}
