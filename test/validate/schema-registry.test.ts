import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { DEFAULT_SCHEMA_DIR, defaultSchemaRegistry } from '../../src/validate/schema-registry.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const crdsDir = process.env.TOOL_GATEWAY_CRDS ?? path.join(repoRoot, '..', 'shared', 'crds');

describe('SchemaRegistry |', () => {
  const registry = defaultSchemaRegistry();

  test('knows every kind the compiler emits, with its scope', () => {
    const expected: Array<[string, string, string]> = [
      ['gateway.networking.k8s.io/v1', 'Gateway', 'Namespaced'],
      ['gateway.networking.k8s.io/v1', 'GatewayClass', 'Cluster'],
      ['gateway.networking.k8s.io/v1', 'HTTPRoute', 'Namespaced'],
      ['gateway.networking.k8s.io/v1beta1', 'ReferenceGrant', 'Namespaced'],
      ['agentgateway.dev/v1alpha1', 'AgentgatewayBackend', 'Namespaced'],
      ['agentgateway.dev/v1alpha1', 'AgentgatewayPolicy', 'Namespaced'],
      ['agentgateway.dev/v1alpha1', 'AgentgatewayParameters', 'Namespaced'],
      ['runtime.agentic-layer.ai/v1alpha1', 'ToolGatewayClass', 'Cluster'],
      ['runtime.agentic-layer.ai/v1alpha1', 'ToolRoute', 'Namespaced'],
      ['apps/v1', 'Deployment', 'Namespaced'],
      ['v1', 'Service', 'Namespaced'],
      ['v1', 'ConfigMap', 'Namespaced'],
      ['v1', 'Secret', 'Namespaced'],
      ['v1', 'ServiceAccount', 'Namespaced'],
      ['v1', 'Namespace', 'Cluster'],
      ['rbac.authorization.k8s.io/v1', 'Role', 'Namespaced'],
      ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'Namespaced'],
      ['networking.k8s.io/v1', 'NetworkPolicy', 'Namespaced'],
      ['policy/v1', 'PodDisruptionBudget', 'Namespaced'],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'Cluster'],
    ];
    for (const [apiVersion, kind, scope] of expected) {
      expect(registry.scope(apiVersion, kind), `${apiVersion} ${kind}`).toBe(scope);
      expect(registry.lookup(apiVersion, kind)?.schema.type).toBe('object');
    }
  });

  test('tells CRD schemas from core ones', () => {
    expect(registry.lookup('gateway.networking.k8s.io/v1', 'Gateway')?.fromCrd).toBe(true);
    expect(registry.lookup('apps/v1', 'Deployment')?.fromCrd).toBe(false);
  });

  test('has no entry for unknown kinds or versions that are not served', () => {
    expect(registry.lookup('example.com/v1', 'Widget')).toBeUndefined();
    // BackendTLSPolicy v1alpha3 is listed in the v1.6.1 CRD with served: false.
    expect(registry.lookup('gateway.networking.k8s.io/v1alpha3', 'BackendTLSPolicy')).toBeUndefined();
    expect(registry.lookup('gateway.networking.k8s.io/v1', 'BackendTLSPolicy')).toBeDefined();
    expect(registry.versionsOf('HTTPRoute')).toEqual(['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1']);
    expect(registry.versionsOf('Widget')).toEqual([]);
  });

  test('keeps CEL rules, defaults and markers but drops descriptions', () => {
    const backend = JSON.stringify(registry.lookup('agentgateway.dev/v1alpha1', 'AgentgatewayBackend')?.schema);
    expect(backend).toContain('"x-kubernetes-validations"');
    expect(backend).toContain('"x-kubernetes-list-map-keys"');
    expect(backend).not.toContain('"description"');
    const policy = registry.lookup('agentgateway.dev/v1alpha1', 'AgentgatewayPolicy')?.schema as any;
    const backendRef = policy.properties.spec.properties.traffic.properties.extProc.properties.backendRef;
    expect(backendRef.properties.kind).toEqual({
      default: 'Service',
      maxLength: 63,
      minLength: 1,
      pattern: '^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$',
      type: 'string',
    });
    expect(backendRef['x-kubernetes-validations'][0].message).toBe('Must have port for Service reference');
    // A *field* called description is data, not documentation: Guard has one.
    const guard = registry.lookup('runtime.agentic-layer.ai/v1alpha1', 'Guard')?.schema as any;
    expect(guard.properties.spec.properties.description).toEqual({ type: 'string' });
  });

  test('core schemas know integer formats and int-or-string from the kubernetes-models validators', () => {
    const deployment = registry.lookup('apps/v1', 'Deployment')?.schema as any;
    expect(deployment.$defs.IoK8sApiAppsV1DeploymentSpec.properties.replicas).toEqual({ format: 'int32', type: 'integer' });
    expect(deployment.$defs.IoK8sApiCoreV1PodSecurityContext.properties.fsGroup).toEqual({ format: 'int64', type: 'integer' });
    const service = registry.lookup('v1', 'Service')?.schema as any;
    expect(service.$defs.IoK8sApiCoreV1ServicePort.properties.targetPort).toEqual({ 'x-kubernetes-int-or-string': true });
    expect(service.$defs.IoK8sApiCoreV1ServiceSpec.properties.type.enum).toEqual(['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
  });

  test('the committed schemas were derived from the pinned CRD files as they are now', () => {
    // Fails rather than skips: a skipped check would let a stale imports/ pass unnoticed.
    if (!existsSync(crdsDir)) {
      throw new Error(
        `the pinned CRD files are not at ${crdsDir}; check them out there (as ../shared/crds next to this repository) ` +
          'or set TOOL_GATEWAY_CRDS to their directory',
      );
    }
    for (const name of readdirSync(DEFAULT_SCHEMA_DIR).filter((f) => f.endsWith('.json'))) {
      const file = JSON.parse(readFileSync(path.join(DEFAULT_SCHEMA_DIR, name), 'utf8'));
      expect(file.generatedBy).toContain('scripts/derive-schemas.ts');
      expect(file.sources.length, name).toBeGreaterThan(0);
      for (const source of file.sources as Array<{ file: string; sha256: string }>) {
        const abs = source.file.startsWith('node_modules/') ? path.join(repoRoot, source.file) : path.join(crdsDir, source.file);
        const digest = createHash('sha256').update(readFileSync(abs)).digest('hex');
        expect(digest, `${name}: ${source.file} changed; run npm run import`).toBe(source.sha256);
      }
    }
  });
});
