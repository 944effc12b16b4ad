import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Problem } from '../../src/contracts/problem.js';
import { assembleEstate } from '../../src/intent/assemble-estate.js';
import { parseIntentDocument, type ParsedDocument } from '../../src/intent/parse-intent.js';
import type { Origin } from '../../src/contracts/problem.js';
import { guard, namespaceDoc, presidioProvider, routeToServer, toolGateway, toolServer } from '../support/intent-fixtures.js';

function parsedAt(doc: unknown, origin?: Origin): ParsedDocument {
  const problems: Problem[] = [];
  const parsed = parseIntentDocument(doc, origin, problems);
  if (problems.length > 0) throw new Error(JSON.stringify(problems));
  return parsed;
}

describe('assembleEstate |', () => {
  it('sorts every kind by namespace, then name, in code-unit order', () => {
    const problems: Problem[] = [];
    const estate = assembleEstate(
      [
        parsedAt(toolGateway('b', 'x')),
        parsedAt(toolGateway('a', 'z')),
        parsedAt(toolGateway('a', 'm')),
        parsedAt(toolServer('b', 'a')),
        parsedAt(toolServer('a', 'b')),
        parsedAt(namespaceDoc('zeta')),
        parsedAt(namespaceDoc('alpha')),
      ],
      problems,
    );
    expect(problems).toStrictEqual([]);
    expect(estate.toolGateways.map((g) => `${g.namespace}/${g.name}`)).toStrictEqual(['a/m', 'a/z', 'b/x']);
    expect(estate.toolServers.map((s) => `${s.namespace}/${s.name}`)).toStrictEqual(['a/b', 'b/a']);
    expect(estate.namespaces.map((n) => n.name)).toStrictEqual(['alpha', 'zeta']);
  });

  it('puts each kind in its own list and skips invalid documents', () => {
    const problems: Problem[] = [];
    const estate = assembleEstate(
      [parsedAt(routeToServer('a', 'r', 's')), { type: 'invalid' }, parsedAt(guard('g', 'pii')), parsedAt(presidioProvider('g'))],
      problems,
    );
    expect([
      estate.toolGateways.length,
      estate.toolRoutes.length,
      estate.toolServers.length,
      estate.guards.length,
      estate.guardrailProviders.length,
      estate.namespaces.length,
    ]).toStrictEqual([0, 1, 0, 1, 1, 0]);
    expect(problems).toStrictEqual([]);
  });

  it('fails on an object defined twice and keeps the first definition', () => {
    const problems: Problem[] = [];
    const estate = assembleEstate(
      [
        parsedAt(toolServer('a', 's', { port: 1111 }), { file: 'one.yaml', line: 3 }),
        parsedAt(toolServer('a', 's', { port: 2222 }), { file: 'two.yaml', line: 9 }),
      ],
      problems,
    );
    expect(problems).toStrictEqual([
      {
        severity: 'error',
        object: { kind: 'ToolServer', namespace: 'a', name: 's' },
        message: 'is defined twice (first at one.yaml:3); each object must be defined once',
        origin: { file: 'two.yaml', line: 9 },
      },
    ]);
    expect(estate.toolServers.map((s) => s.spec.port)).toStrictEqual([1111]);
  });

  it('names the first definition by construct path, by file without line, or as elsewhere', () => {
    const messageFor = (first: Origin | undefined) => {
      const problems: Problem[] = [];
      assembleEstate([parsedAt(toolGateway('a', 'g'), first), parsedAt(toolGateway('a', 'g'))], problems);
      return problems.map((p) => p.message);
    };
    expect(messageFor({ constructPath: 'estate/gw' })).toStrictEqual([
      'is defined twice (first at construct estate/gw); each object must be defined once',
    ]);
    expect(messageFor({ file: 'a.yaml' })).toStrictEqual(['is defined twice (first at a.yaml); each object must be defined once']);
    expect(messageFor(undefined)).toStrictEqual(['is defined twice (first at elsewhere); each object must be defined once']);
  });

  it('merges a Namespace written twice alike (label order aside), as kubectl applies it twice', () => {
    const problems: Problem[] = [];
    const estate = assembleEstate(
      [
        parsedAt(namespaceDoc('team-a', { a: '1', b: '2' }), { file: 'a.yaml', line: 1 }),
        parsedAt(namespaceDoc('team-a', { b: '2', a: '1' }), { file: 'b.yaml', line: 4 }),
      ],
      problems,
    );
    expect(problems).toStrictEqual([]);
    expect(estate.namespaces).toStrictEqual([
      { name: 'team-a', labels: { a: '1', b: '2', 'kubernetes.io/metadata.name': 'team-a' }, origin: { file: 'a.yaml', line: 1 } },
    ]);
  });

  it('fails on a Namespace written twice with different labels, naming both places', () => {
    const problems: Problem[] = [];
    const estate = assembleEstate(
      [
        parsedAt(namespaceDoc('team-a'), { file: 'a.yaml', line: 1 }),
        parsedAt(namespaceDoc('team-a', { x: 'y' }), { file: 'b.yaml', line: 4 }),
      ],
      problems,
    );
    expect(problems).toStrictEqual([
      {
        severity: 'error',
        object: { kind: 'Namespace', name: 'team-a' },
        message:
          'is defined twice with different labels (first at a.yaml:1); kubectl would apply one over the other, so define it once or alike',
        origin: { file: 'b.yaml', line: 4 },
      },
    ]);
    expect(estate.namespaces).toHaveLength(1);
  });

  it('collects ToolGatewayClasses by name, merging alike copies and failing on different ones', () => {
    const cls = (name: string, controller: string, isDefault = false) => ({
      apiVersion: 'runtime.agentic-layer.ai/v1alpha1',
      kind: 'ToolGatewayClass',
      metadata: { name, ...(isDefault ? { annotations: { 'toolgatewayclass.kubernetes.io/is-default-class': 'true' } } : {}) },
      spec: { controller },
    });
    const problems: Problem[] = [];
    const estate = assembleEstate(
      [
        parsedAt(cls('zeta', 'c'), { file: 'a.yaml', line: 1 }),
        parsedAt(cls('agentgateway', 'c', true), { file: 'a.yaml', line: 5 }),
        parsedAt(cls('agentgateway', 'c', true), { file: 'b.yaml', line: 1 }),
        parsedAt(cls('zeta', 'c', true), { file: 'b.yaml', line: 9 }),
      ],
      problems,
    );
    expect(estate.toolGatewayClasses).toStrictEqual([
      { name: 'agentgateway', controller: 'c', isDefault: true, origin: { file: 'a.yaml', line: 5 } },
      { name: 'zeta', controller: 'c', isDefault: false, origin: { file: 'a.yaml', line: 1 } },
    ]);
    expect(problems).toStrictEqual([
      {
        severity: 'error',
        object: { kind: 'ToolGatewayClass', name: 'zeta' },
        message:
          'is defined twice with different controller or default-class annotation (first at a.yaml:1); kubectl would apply one over the other, so define it once or alike',
        origin: { file: 'b.yaml', line: 9 },
      },
    ]);
    // An estate without classes has no class list, exactly as the TypeScript front door builds it.
    expect('toolGatewayClasses' in assembleEstate([parsedAt(namespaceDoc('a'))], [])).toBe(false);
  });

  it('merges Namespace copies iff their labels are equal as maps (property)', () => {
    const labels = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('1', '2'), { maxKeys: 3 });
    fc.assert(
      fc.property(labels, labels, (one, two) => {
        const problems: Problem[] = [];
        assembleEstate([parsedAt(namespaceDoc('n', one)), parsedAt(namespaceDoc('n', two))], problems);
        const equal = Object.keys(one).length === Object.keys(two).length && Object.entries(one).every(([k, v]) => two[k] === v);
        return problems.length === (equal ? 0 : 1);
      }),
    );
  });

  it('leaves skipped objects out of the estate', () => {
    const problems: Problem[] = [];
    const estate = assembleEstate([parsedAt({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' } })], problems);
    expect(problems).toStrictEqual([]);
    expect(estate).toStrictEqual({ toolGateways: [], toolRoutes: [], toolServers: [], guards: [], guardrailProviders: [], namespaces: [] });
  });

  it('treats objects of different kinds or namespaces with one name as distinct', () => {
    const problems: Problem[] = [];
    const estate = assembleEstate(
      [parsedAt(toolServer('a', 'x')), parsedAt(toolGateway('a', 'x')), parsedAt(toolServer('b', 'x'))],
      problems,
    );
    expect(problems).toStrictEqual([]);
    expect(estate.toolServers).toHaveLength(2);
    expect(estate.toolGateways).toHaveLength(1);
  });

  it('gives the same estate for any order of the same documents', () => {
    const docs = [
      toolGateway('tool-gateway', 'tg'),
      toolGateway('other', 'tg'),
      toolServer('a', 's1'),
      toolServer('b', 's1'),
      toolServer('a', 's0'),
      routeToServer('a', 'r', 's1'),
      guard('g', 'pii'),
      presidioProvider('g'),
      namespaceDoc('a'),
      namespaceDoc('b'),
    ].map((d) => parsedAt(d));
    const baseline = JSON.stringify(assembleEstate(docs, []));
    fc.assert(
      fc.property(fc.shuffledSubarray(docs, { minLength: docs.length }), (shuffled) => {
        expect(JSON.stringify(assembleEstate(shuffled, []))).toBe(baseline);
      }),
      { numRuns: 100 },
    );
  });
});
