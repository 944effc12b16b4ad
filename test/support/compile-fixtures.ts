/** Helpers for compile tests: compile valid intent and pick emitted manifests by identity. */
import { compileEstate, type Compilation } from '../../src/compile/compile-estate.js';
import type { CompileOptions } from '../../src/compile/compile-options.js';
import { resolveRoutes, type GatewayTarget, type ResolvedRoute } from '../../src/compile/resolve/resolve-routes.js';
import { formatProblem, type Problem } from '../../src/contracts/problem.js';
import type { Manifest } from '../../src/contracts/manifest.js';
import { estateOf, validEstate } from './intent-fixtures.js';
import { TEST_RUNTIME_ASSETS } from './runtime-assets.js';

export function compileDocs(docs: readonly unknown[], options?: CompileOptions, importedGateways?: readonly GatewayTarget[]): Compilation {
  const { estate, problems } = estateOf(docs);
  const compiled = compileEstate({ estate, options, importedGateways, runtimeAssets: TEST_RUNTIME_ASSETS });
  return { objects: compiled.objects, problems: [...problems, ...compiled.problems] };
}

/** Compiles documents that must compile without errors; returns the manifests. */
export function compileValid(docs: readonly unknown[], options?: CompileOptions): Manifest[] {
  const { objects, problems } = compileEstate({ estate: validEstate(docs), options, runtimeAssets: TEST_RUNTIME_ASSETS });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`compilation failed:\n${errors.map(formatProblem).join('\n')}`);
  return objects.map((o) => o.manifest);
}

/**
 * The runtime layer: status carriers (and our ToolGatewayClass), their CRDs and the reconciler's
 * own objects. Emitted for every estate with something to report on; tested in
 * status-carriers / intent-crds / compile-runtime tests and test/reconciler.
 */
export function isRuntimeObject(m: Manifest): boolean {
  return (
    m.apiVersion.startsWith('runtime.agentic-layer.ai/') ||
    m.kind === 'CustomResourceDefinition' ||
    m.metadata.labels?.['app.kubernetes.io/name'] === 'tool-gateway-reconciler'
  );
}

/** The manifests of the concerns a test is about, without the runtime layer. */
export function withoutRuntime(manifests: readonly Manifest[]): Manifest[] {
  return manifests.filter((m) => !isRuntimeObject(m));
}

/** `Kind ns/name` of every manifest, in emission order. */
export function identities(manifests: readonly Manifest[]): string[] {
  return manifests.map((m) => `${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`);
}

export function findManifest(manifests: readonly Manifest[], kind: string, namespace: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.namespace === namespace && m.metadata.name === name);
  const [only, ...more] = found;
  if (!only || more.length > 0) {
    throw new Error(`expected exactly one ${kind} ${namespace}/${name}, found ${found.length} among:\n${identities(manifests).join('\n')}`);
  }
  return only;
}

/** The resolved route `namespace/name` of valid documents (no problems allowed). */
export function resolvedRoute(docs: readonly unknown[], namespace: string, name: string, clusterDomain = 'cluster.local'): ResolvedRoute {
  const problems: Problem[] = [];
  const routes = resolveRoutes(validEstate(docs), {}, clusterDomain, problems);
  if (problems.length > 0) throw new Error(`resolution failed:\n${problems.map(formatProblem).join('\n')}`);
  const route = routes.find((r) => r.route.namespace === namespace && r.route.name === name);
  if (!route) throw new Error(`route ${namespace}/${name} was not resolved`);
  return route;
}

/** A plain-JSON copy: what a serialiser sees (undefined-valued keys dropped). */
export function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
