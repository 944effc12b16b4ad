import type { EmittedObject } from '../contracts/manifest.js';
import type { KindSchema, Scope, SchemaRegistry } from './schema-registry.js';

const CRD_API_VERSION = 'apiextensions.k8s.io/v1';

/**
 * The committed schemas, plus the kinds of the CustomResourceDefinitions in the output itself:
 * a kind that only our output defines (ToolSet, say, or a CRD an app adds beside ours) is then
 * validated against the schema the API server will hold once that CRD is applied, instead of
 * passing unchecked. A committed schema wins over an emitted one for the same kind, so a CRD in
 * the output can never loosen what the pinned CRDs allow.
 */
export class EmittedCrdRegistry implements SchemaRegistry {
  private readonly emitted = new Map<string, KindSchema>();

  constructor(private readonly base: SchemaRegistry) {}

  /** Registers every served version of `obj` when it is a CustomResourceDefinition; ignores anything else. */
  add(obj: EmittedObject): void {
    const m = obj.manifest as { apiVersion?: unknown; kind?: unknown; spec?: unknown };
    if (m.apiVersion !== CRD_API_VERSION || m.kind !== 'CustomResourceDefinition' || !isObject(m.spec)) return;
    const { group, names, scope, versions } = m.spec;
    if (typeof group !== 'string' || !isObject(names) || typeof names.kind !== 'string' || !Array.isArray(versions)) return;
    if (scope !== 'Namespaced' && scope !== 'Cluster') return;
    for (const v of versions) {
      if (!isObject(v) || v.served !== true || typeof v.name !== 'string' || !isObject(v.schema)) continue;
      const schema = v.schema.openAPIV3Schema;
      if (!isObject(schema)) continue;
      const apiVersion = `${group}/${v.name}`;
      if (this.base.lookup(apiVersion, names.kind)) continue;
      this.emitted.set(key(apiVersion, names.kind), { apiVersion, kind: names.kind, scope, schema, fromCrd: true });
    }
  }

  lookup(apiVersion: string, kind: string): KindSchema | undefined {
    return this.base.lookup(apiVersion, kind) ?? this.emitted.get(key(apiVersion, kind));
  }

  scope(apiVersion: string, kind: string): Scope | undefined {
    return this.lookup(apiVersion, kind)?.scope;
  }

  versionsOf(kind: string): readonly string[] {
    const own = [...this.emitted.values()].filter((k) => k.kind === kind).map((k) => k.apiVersion);
    if (own.length === 0) return this.base.versionsOf(kind);
    return [...new Set([...this.base.versionsOf(kind), ...own])].sort();
  }
}

function key(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
