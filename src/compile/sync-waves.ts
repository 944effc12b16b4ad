import type { EmittedObject, Manifest } from '../contracts/manifest.js';

/** The annotation Argo CD orders a sync by: lower waves are applied, and healthy, before higher ones. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * The Argo CD sync wave of every kind synth emits, in dependency order (the README's table).
 * Argo CD applies a wave only once the previous one is healthy, so each wave holds what the next
 * needs:
 *
 * - the CRDs, before any object of their kinds;
 * - identities, permissions, configuration, and the NetworkPolicies: a workload's pods never
 *   start before the policies that isolate them exist;
 * - the workloads and their Services, which backends and guard policies point at;
 * - gateways, their parameters and backends, and the ReferenceGrants the guard policies need
 *   to reach an adapter in another namespace;
 * - the policies and routes attached to those;
 * - last, the status carriers, which the reconciler reads everything above to judge.
 *
 * Flux ignores the annotation: kustomize-controller applies CRDs and Namespaces first and the
 * rest in one server-side apply.
 */
export const SYNC_WAVES: Readonly<Record<string, number>> = {
  CustomResourceDefinition: -1,
  ServiceAccount: 0,
  Role: 0,
  RoleBinding: 0,
  ConfigMap: 0,
  NetworkPolicy: 0,
  Deployment: 1,
  PodDisruptionBudget: 1,
  Service: 1,
  ServiceMonitor: 2,
  Gateway: 2,
  AgentgatewayParameters: 2,
  AgentgatewayBackend: 2,
  ReferenceGrant: 2,
  ToolGatewayClass: 2,
  AgentgatewayPolicy: 3,
  HTTPRoute: 3,
  ToolGateway: 4,
  ToolRoute: 4,
  Guard: 4,
  GuardrailProvider: 4,
  ToolSet: 4,
};

/**
 * Our objects, each with the sync wave of its kind added to its annotations. An object that
 * already names a wave keeps it (a user's annotation carried over from the intent is theirs);
 * other annotations are kept as they are. Only synth's own objects come through here: the
 * objects of a user's own chart are emitted untouched.
 *
 * Throws for a kind without a wave: that is a kind added to the compiler but not to the table.
 */
export function withSyncWaves(objects: readonly EmittedObject[]): EmittedObject[] {
  return objects.map((object) => ({ ...object, manifest: withSyncWave(object.manifest) }));
}

function withSyncWave(manifest: Manifest): Manifest {
  const wave = Object.hasOwn(SYNC_WAVES, manifest.kind) ? SYNC_WAVES[manifest.kind] : undefined;
  if (wave === undefined) {
    throw new Error(`${manifest.kind} ${manifest.metadata.name} has no Argo CD sync wave; add its kind to SYNC_WAVES`);
  }
  const annotations = manifest.metadata.annotations ?? {};
  if (Object.hasOwn(annotations, SYNC_WAVE_ANNOTATION)) return manifest;
  return { ...manifest, metadata: { ...manifest.metadata, annotations: { ...annotations, [SYNC_WAVE_ANNOTATION]: String(wave) } } };
}
