import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/contracts/problem.js';
import { IMPORTED_ANNOTATION, separateImports } from '../../src/intent/separate-imports.js';
import { parseIntentDocument } from '../../src/intent/parse-intent.js';
import { guard, namespaceDoc, presidioProvider, routeToUrl, toolGateway, toolServer, type Doc } from '../support/intent-fixtures.js';

/** `doc` with metadata.annotations set. */
function annotated(doc: Doc, value = 'true'): Doc {
  const metadata = doc.metadata as Doc;
  return { ...doc, metadata: { ...metadata, annotations: { [IMPORTED_ANNOTATION]: value } } };
}

function separate(local: readonly Doc[], imports: readonly Doc[] = []) {
  const problems: Problem[] = [];
  const parse = (docs: readonly Doc[], file: string) => docs.map((d, i) => parseIntentDocument(d, { file, line: i + 1 }, problems));
  const result = separateImports(parse(local, 'app.yaml'), parse(imports, 'platform.yaml'), problems);
  return { ...result, problems };
}

const ids = (objects: readonly { kind: string; namespace: string; name: string }[]) =>
  objects.map((o) => `${o.kind} ${o.namespace}/${o.name}`);

describe('separateImports', () => {
  it('imports documents annotated "true", and compiles unannotated ones and those annotated "false"', () => {
    const { estate, imported, problems } = separate([
      annotated(toolGateway('tool-gateway', 'shared')),
      annotated(toolServer('data', 'db')),
      annotated(guard('guards', 'pii')),
      annotated(presidioProvider('guards')),
      annotated(toolGateway('tool-gateway', 'local'), 'false'),
      routeToUrl('team-a', 'r', 'https://mcp.example.com/mcp'),
    ]);
    expect(problems).toStrictEqual([]);
    expect(ids(estate.toolGateways)).toStrictEqual(['ToolGateway tool-gateway/local']);
    expect(ids(estate.toolRoutes)).toStrictEqual(['ToolRoute team-a/r']);
    expect([...estate.toolServers, ...estate.guards, ...estate.guardrailProviders]).toStrictEqual([]);
    expect(ids(imported.toolGateways)).toStrictEqual(['ToolGateway tool-gateway/shared']);
    expect(ids(imported.toolServers)).toStrictEqual(['ToolServer data/db']);
    expect(ids(imported.guards)).toStrictEqual(['Guard guards/pii']);
    expect(ids(imported.guardrailProviders)).toStrictEqual(['GuardrailProvider guards/presidio']);
  });

  it('refuses an annotation value other than "true" or "false", naming the field and the value', () => {
    const { estate, imported, problems } = separate([annotated(toolGateway('tool-gateway', 'shared'), 'yes')]);
    expect(problems).toStrictEqual([
      {
        severity: 'error',
        object: { kind: 'ToolGateway', namespace: 'tool-gateway', name: 'shared' },
        field: 'metadata.annotations.cdk8s-tool-gateway/imported',
        message: 'is "yes"; allowed: "true" (owned by another pipeline: read, never emitted) or "false"',
        origin: { file: 'app.yaml', line: 1 },
      },
    ]);
    expect(estate.toolGateways).toStrictEqual([]);
    expect(imported.toolGateways).toStrictEqual([]);
  });

  it('refuses an annotated ToolRoute, which nothing could refer to', () => {
    const { problems } = separate([annotated(routeToUrl('team-a', 'r', 'https://mcp.example.com/mcp'))]);
    expect(problems.map((p) => [p.severity, p.object, p.field, p.message])).toStrictEqual([
      [
        'error',
        { kind: 'ToolRoute', namespace: 'team-a', name: 'r' },
        'metadata.annotations.cdk8s-tool-gateway/imported',
        'cannot import a ToolRoute: nothing refers to a route, so an imported one would do nothing; remove the route, or the annotation to compile it here',
      ],
    ]);
  });

  it('imports every intent document read through imports, annotated or not, and skips their ToolRoutes', () => {
    const { estate, imported, problems } = separate(
      [],
      [
        toolGateway('tool-gateway', 'shared'),
        annotated(toolServer('data', 'db')),
        routeToUrl('tool-gateway', 'r', 'https://x.example.com/'),
      ],
    );
    expect(problems).toStrictEqual([]);
    expect(estate.toolRoutes).toStrictEqual([]);
    expect(ids(imported.toolGateways)).toStrictEqual(['ToolGateway tool-gateway/shared']);
    expect(ids(imported.toolServers)).toStrictEqual(['ToolServer data/db']);
  });

  it("lends an imported Namespace's labels unless the input defines the namespace", () => {
    const { estate, problems } = separate(
      [namespaceDoc('team-a', { mine: 'yes' })],
      [namespaceDoc('team-a', { theirs: 'yes' }), namespaceDoc('team-b', { theirs: 'yes' }), namespaceDoc('team-b', { second: 'yes' })],
    );
    expect(problems).toStrictEqual([]);
    expect(estate.namespaces.map((n) => [n.name, n.labels])).toStrictEqual([
      ['team-a', { mine: 'yes', 'kubernetes.io/metadata.name': 'team-a' }],
      ['team-b', { theirs: 'yes', 'kubernetes.io/metadata.name': 'team-b' }],
    ]);
  });

  it('compiles a local object imported too from its local definition, with a warning at the local one', () => {
    const { estate, imported, problems } = separate(
      [toolGateway('tool-gateway', 'shared', { allowedRoutes: { namespaces: { from: 'All' } } })],
      [toolGateway('tool-gateway', 'shared')],
    );
    expect(ids(estate.toolGateways)).toStrictEqual(['ToolGateway tool-gateway/shared']);
    expect(imported.toolGateways).toStrictEqual([]);
    expect(problems).toStrictEqual([
      {
        severity: 'warning',
        object: { kind: 'ToolGateway', namespace: 'tool-gateway', name: 'shared' },
        message: 'is defined here and imported too (at platform.yaml:1); this definition is compiled and the import is ignored',
        origin: { file: 'app.yaml', line: 1 },
      },
    ]);
  });

  it('reports an object imported twice, as any object defined twice', () => {
    const { problems } = separate([annotated(toolGateway('tool-gateway', 'shared'))], [toolGateway('tool-gateway', 'shared')]);
    expect(problems.map((p) => [p.severity, p.message, p.origin])).toStrictEqual([
      ['error', 'is defined twice (first at app.yaml:1); each object must be defined once', { file: 'platform.yaml', line: 1 }],
    ]);
  });

  it('puts every object where its source says, whatever the mix (property)', () => {
    const kinds = ['gateway', 'server', 'guard', 'provider', 'route'] as const;
    const make = (kind: (typeof kinds)[number], name: string): Doc =>
      kind === 'gateway'
        ? toolGateway('ns', name)
        : kind === 'server'
          ? toolServer('ns', name)
          : kind === 'guard'
            ? guard('ns', name)
            : kind === 'provider'
              ? presidioProvider('ns', name)
              : routeToUrl('ns', name, 'https://mcp.example.com/mcp');
    const source = fc.constantFrom('local', 'annotated', 'import', 'both' as const);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...kinds), source), { maxLength: 12 }), (items) => {
        const local: Doc[] = [];
        const imports: Doc[] = [];
        const expectLocal: string[] = [];
        const expectImported: string[] = [];
        items.forEach(([kind, where], i) => {
          const name = `o${i}`;
          const doc = make(kind, name);
          const id = `${String(doc.kind)} ns/${name}`;
          if (where === 'local' || where === 'both') local.push(doc);
          if (where === 'annotated' && kind !== 'route') local.push(annotated(doc));
          if (where === 'import' || where === 'both') imports.push(doc);
          if (where === 'local' || where === 'both') expectLocal.push(id);
          else if (kind !== 'route') expectImported.push(id);
        });
        const { estate, imported, problems } = separate(local, imports);
        const warnings = items.filter(([kind, where]) => where === 'both' && kind !== 'route').length;
        expect(problems.filter((p) => p.severity === 'error')).toStrictEqual([]);
        expect(problems.filter((p) => p.severity === 'warning')).toHaveLength(warnings);
        const all = (e: typeof imported) => [...e.toolGateways, ...e.toolServers, ...e.guards, ...e.guardrailProviders];
        expect(ids([...all(estate), ...estate.toolRoutes]).sort()).toStrictEqual(expectLocal.sort());
        expect(ids(all(imported)).sort()).toStrictEqual(expectImported.sort());
      }),
    );
  });
});
