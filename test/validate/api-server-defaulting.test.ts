import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatFieldPath, type PathSegment } from '../../src/contracts/field-path.js';
import type { JsonSchema } from '../../src/contracts/json.js';
import { applyApiServerDefaults } from '../../src/validate/api-server-defaulting.js';
import { checkListUniqueness } from '../../src/validate/list-uniqueness.js';
import { defaultSchemaRegistry } from '../../src/validate/schema-registry.js';
import { derefSchema, isSchemaNode } from '../../src/validate/schema-ref.js';
import type { StructuralIssue } from '../../src/validate/structural-issue.js';
import { prepareKindSchema } from '../../src/validate/structural-schema.js';
import { mutatedManifest } from '../support/mutated-manifests.js';

/**
 * The oracle: defaulting as the gate did it before it copied on write, on a whole clone of the
 * object, changed in place.
 */
function defaultedClone(schema: JsonSchema, data: unknown, issues: StructuralIssue[]): unknown {
  const copy = structuredClone(data);
  const walk = (node: JsonSchema, value: unknown, path: readonly PathSegment[]): void => {
    const s = derefSchema(node, schema);
    if (Array.isArray(value)) {
      const items = s.items;
      if (isSchemaNode(items)) value.forEach((v, i) => walk(items, v, [...path, i]));
      checkListUniqueness(s, value, path, issues);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const obj = value as Record<string, unknown>;
    const props = isSchemaNode(s.properties) ? s.properties : undefined;
    const propSchema = (name: string): JsonSchema | undefined => {
      const sub = props && Object.hasOwn(props, name) ? props[name] : undefined;
      return isSchemaNode(sub) ? sub : undefined;
    };
    for (const [name, v] of Object.entries(obj)) {
      const sub = propSchema(name);
      if (v === null && sub && derefSchema(sub, schema).nullable !== true) {
        Reflect.deleteProperty(obj, name);
        issues.push({
          field: formatFieldPath([...path, name]),
          message: 'value null is dropped by the API server (the field is not nullable); leave the field out instead',
          severity: 'warning',
        });
      }
    }
    for (const [name, prop] of Object.entries(props ?? {})) {
      const d = isSchemaNode(prop) ? derefSchema(prop, schema) : undefined;
      if (obj[name] === undefined && d?.default !== undefined) obj[name] = structuredClone(d.default);
    }
    const values = isSchemaNode(s.additionalProperties) ? s.additionalProperties : undefined;
    for (const [name, v] of Object.entries(obj)) {
      const sub = propSchema(name) ?? values;
      if (sub) walk(sub, v, [...path, name]);
    }
  };
  walk(schema, copy, []);
  return copy;
}

/** JSON text with every field, in order: key order reaches CEL maps and error order. */
function text(v: unknown): string {
  return JSON.stringify(v);
}

describe('applyApiServerDefaults |', () => {
  test('gives what defaulting a whole clone gives, leaves its input alone, and shares what it does not change', () => {
    let changed = 0;
    let unchanged = 0;
    fc.assert(
      fc.property(mutatedManifest, (m) => {
        const kind = defaultSchemaRegistry().lookup(m.apiVersion, m.kind);
        if (!kind) throw new Error(`no schema for ${m.apiVersion} ${m.kind}`);
        const schema = prepareKindSchema(kind);
        const before = text(m);
        const expectedIssues: StructuralIssue[] = [];
        const expected = defaultedClone(schema, m, expectedIssues);
        const issues: StructuralIssue[] = [];
        const result = applyApiServerDefaults(schema, m, issues);
        // As text: the generated objects may lack a prototype, which the oracle's clone adds.
        expect(text(result)).toBe(text(expected));
        expect(issues).toEqual(expectedIssues);
        expect(text(m)).toBe(before);
        if (text(expected) === before) {
          unchanged++;
          expect(result).toBe(m);
        } else {
          changed++;
          expect(result).not.toBe(m);
        }
      }),
      { numRuns: 500 },
    );
    expect(changed).toBeGreaterThan(50);
    expect(unchanged).toBeGreaterThan(50);
  });

  test('shares every untouched subtree with the input', () => {
    const kind = defaultSchemaRegistry().lookup('gateway.networking.k8s.io/v1', 'HTTPRoute');
    if (!kind) throw new Error('no HTTPRoute schema');
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r', namespace: 'n', labels: { a: 'b' } },
      spec: { parentRefs: [{ name: 'gw' }], hostnames: ['a.example.com'] },
    };
    const result = applyApiServerDefaults(prepareKindSchema(kind), route, []) as typeof route;
    expect(result.metadata).toBe(route.metadata);
    expect(result.spec.hostnames).toBe(route.spec.hostnames);
    // parentRefs gain their group and kind defaults: the entry and the lists above it are copies.
    expect(result.spec.parentRefs[0]).toEqual({ name: 'gw', group: 'gateway.networking.k8s.io', kind: 'Gateway' });
    expect(route.spec.parentRefs[0]).toEqual({ name: 'gw' });
  });
});
