import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Problem } from '../../src/contracts/problem.js';
import { findYamlFiles, loadYamlInput, parseYamlText } from '../../src/intent/load-yaml-input.js';

const API = 'apiVersion: runtime.agentic-layer.ai/v1alpha1';

function parseText(text: string) {
  const problems: Problem[] = [];
  const docs = parseYamlText(text, 'intent/estate.yaml', problems);
  return { docs, problems };
}

const gatewayYaml = (name: string, ns = 'tool-gateway') => `${API}\nkind: ToolGateway\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n`;

describe('parseYamlText | documents', () => {
  it('parses every document of a multi-document file, with the line each starts on', () => {
    const text = [
      '# gateways and servers',
      gatewayYaml('tg').trimEnd(),
      '---',
      `${API}\nkind: ToolServer\nmetadata:\n  name: weather\n  namespace: team-a\nspec:\n  image: ghcr.io/example/weather:1`,
      '---',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a',
      '',
    ].join('\n');
    const { docs, problems } = parseText(text);
    expect(problems).toStrictEqual([]);
    expect(
      docs.map((d) =>
        d.type === 'intent'
          ? [d.object.kind, d.object.name, d.object.origin]
          : d.type === 'namespace'
            ? ['Namespace', d.fact.name, d.fact.origin]
            : ['invalid'],
      ),
    ).toStrictEqual([
      ['ToolGateway', 'tg', { file: 'intent/estate.yaml', line: 2 }],
      ['ToolServer', 'weather', { file: 'intent/estate.yaml', line: 8 }],
      ['Namespace', 'team-a', { file: 'intent/estate.yaml', line: 16 }],
    ]);
  });

  it('applies the same defaults as the TypeScript front door', () => {
    const { docs } = parseText(
      `${API}\nkind: ToolServer\nmetadata:\n  name: w\n  namespace: a\nspec:\n  image: img\n  transportType: sse\n`,
    );
    const [doc] = docs;
    expect(doc?.type === 'intent' && doc.object.spec).toStrictEqual({
      protocol: 'mcp',
      transportType: 'sse',
      image: 'img',
      port: 8080,
      path: '/sse',
      replicas: 1,
    });
  });

  it('skips empty documents: leading, repeated and trailing separators and comment-only documents', () => {
    const { docs, problems } = parseText(`---\n---\n${gatewayYaml('a')}---\n# only a comment\n---\n${gatewayYaml('b')}---\n`);
    expect(problems).toStrictEqual([]);
    expect(docs.map((d) => d.type === 'intent' && d.object.name)).toStrictEqual(['a', 'b']);
  });

  it('returns nothing and reports nothing for an empty file', () => {
    expect(parseText('')).toStrictEqual({ docs: [], problems: [] });
    expect(parseText('# nothing here\n')).toStrictEqual({ docs: [], problems: [] });
  });

  it('reads YAML 1.1 scalars as kubectl does, so yes/no are booleans, not strings', () => {
    const { problems } = parseText(
      `${API}\nkind: ToolRoute\nmetadata:\n  name: r\n  namespace: a\nspec:\n  upstream:\n    toolServerRef:\n      name: s\n  toolFilter:\n    deny: [no]\n`,
    );
    expect(problems.map((p) => [p.field, p.message, p.origin?.line])).toStrictEqual([
      ['spec.toolFilter.deny[0]', 'expected a string, got a boolean false', 11],
    ]);
  });
});

describe('parseYamlText | line numbers', () => {
  const server = [
    '# a ToolServer with mistakes', // 1
    API, // 2
    'kind: ToolServer', // 3
    'metadata:', // 4
    '  name: weather', // 5
    '  namespace: team-a', // 6
    'spec:', // 7
    '  image: ghcr.io/example/weather:1', // 8
    '  port: "8080"', // 9
    '  replica: 2', // 10
    '  env:', // 11
    '    - name: A', // 12
    '      value: x', // 13
    '    - name: B', // 14
    '      value: 3', // 15
    '',
  ].join('\n');

  it('reports each field-level error at the exact line of the field', () => {
    const { docs, problems } = parseText(server);
    expect(docs).toStrictEqual([{ type: 'invalid' }]);
    expect(problems.map((p) => [p.field, p.origin])).toStrictEqual([
      ['spec.port', { file: 'intent/estate.yaml', line: 9 }],
      ['spec.env[1].value', { file: 'intent/estate.yaml', line: 15 }],
      ['spec.replica', { file: 'intent/estate.yaml', line: 10 }],
    ]);
  });

  it('points a missing field at the nearest enclosing node that exists', () => {
    const text = `${gatewayYaml('tg')}---\n${API}\nkind: ToolRoute\nmetadata:\n  name: r\n  namespace: a\nspec:\n  toolFilter:\n    allow: [x]\n`;
    // line 7 starts the route; `spec:` is line 12, its map starts at line 13; upstream is missing.
    const { problems } = parseText(text);
    expect(problems.map((p) => [p.field, p.message, p.origin?.line])).toStrictEqual([['spec.upstream', 'is required', 13]]);
  });

  it('points a missing namespace at the metadata key', () => {
    const { problems } = parseText(`${API}\nkind: ToolGateway\nmetadata:\n  name: tg\n`);
    expect(problems.map((p) => [p.field, p.origin?.line])).toStrictEqual([['metadata.namespace', 3]]);
  });

  it('points a bad name and an unsupported kind at their own lines', () => {
    const { problems } = parseText(
      `${API}\nkind: ToolGateway\nmetadata:\n  namespace: tool-gateway\n  name: Bad_Name\n---\n${API}\nkind: Gadget\nmetadata:\n  name: g\n`,
    );
    expect(problems.map((p) => [p.field, p.origin?.line])).toStrictEqual([
      ['metadata.name', 5],
      [undefined, 8],
    ]);
    expect(problems[1]!.object).toStrictEqual({ kind: 'Gadget', namespace: undefined, name: 'g' });
    expect(problems[1]!.message).toMatch(/^unknown kind "Gadget" of runtime\.agentic-layer\.ai: the compiler reads ToolGateway, /);
  });
});

describe('parseYamlText | reserved labels', () => {
  const spoof = [
    API, // 1
    'kind: ToolServer', // 2
    'metadata:', // 3
    '  name: evil', // 4
    '  namespace: team-a', // 5
    '  labels:', // 6
    '    runtime.agentic-layer.ai/toolgateway: shared', // 7
    'spec:', // 8
    '  image: ghcr.io/example/evil:1', // 9
    '  podMetadata:', // 10
    '    labels:', // 11
    '      team: a', // 12
    '      gateway.networking.k8s.io/gateway-name: shared', // 13
    '  commonMetadata:', // 14
    '    labels: {app: weather}', // 15
    '---',
    API, // 17
    'kind: ToolGateway', // 18
    'metadata: {name: shared, namespace: tool-gateway}', // 19
    'spec:', // 20
    '  podMetadata:', // 21
    '    labels:', // 22
    '      app.kubernetes.io/managed-by: someone-else', // 23
    '',
  ].join('\n');

  it('rejects each reserved label an intent sets, at its own line, naming the label and why', () => {
    const { docs, problems } = parseText(spoof);
    expect(docs).toStrictEqual([{ type: 'invalid' }, { type: 'invalid' }]);
    expect(problems.map((p) => [p.object?.name, p.field, p.origin?.line])).toStrictEqual([
      ['evil', 'metadata.labels["runtime.agentic-layer.ai/toolgateway"]', 7],
      ['evil', 'spec.commonMetadata.labels.app', 15],
      ['evil', 'spec.podMetadata.labels["gateway.networking.k8s.io/gateway-name"]', 13],
      ['shared', 'spec.podMetadata.labels["app.kubernetes.io/managed-by"]', 23],
    ]);
    expect(problems[2]!.message).toMatch(
      /^label "gateway\.networking\.k8s\.io\/gateway-name" is reserved: agentgateway and the gateways' NetworkPolicies select a gateway's proxy pods by gateway\.networking\.k8s\.io\/gateway-name; use a key of your own \(reserved: /,
    );
    expect(problems.every((p) => p.severity === 'error')).toBe(true);
  });

  it('still reads labels of Namespace documents as they are: selectors match them, nothing emits them', () => {
    const { docs, problems } = parseText('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: {app: x}\n');
    expect(problems).toStrictEqual([]);
    expect(docs).toMatchObject([{ type: 'namespace', fact: { labels: { app: 'x' } } }]);
  });
});

describe('parseYamlText | unknown fields', () => {
  it('points an unknown field at its key, even when its value starts lines below', () => {
    const { problems } = parseText(`${API}\nkind: ToolGateway\nmetadata:\n  name: tg\n  namespace: a\nsepc:\n  x: 1\n`);
    expect(problems.map((p) => [p.field, p.origin?.line])).toStrictEqual([['sepc', 6]]);
  });
});

describe('parseYamlText | YAML errors', () => {
  it('fails on a YAML syntax error with the line it is on and skips that document only', () => {
    // Line 10 indents with a tab, which YAML forbids.
    const text = `${gatewayYaml('ok')}---\n${API}\nkind: ToolGateway\nmetadata:\n\tname: broken\n  namespace: x\n---\n${gatewayYaml('after')}`;
    const { docs, problems } = parseText(text);
    expect(docs.map((d) => d.type === 'intent' && d.object.name)).toStrictEqual(['ok', 'after']);
    // The parser may add follow-up errors for the same spot; every one points at line 10.
    expect(problems[0]).toStrictEqual({
      severity: 'error',
      message: 'not valid YAML: Tabs are not allowed as indentation',
      origin: { file: 'intent/estate.yaml', line: 10 },
    });
    expect(problems.map((p) => [p.severity, p.origin])).toStrictEqual(
      problems.map(() => ['error', { file: 'intent/estate.yaml', line: 10 }]),
    );
  });

  it('keeps a YAML error message to its first line', () => {
    const { problems } = parseText(`${API}\nkind: ToolGateway\nmetadata:\n  name: "unterminated\n  namespace: x\n`);
    expect(problems.map((p) => p.message)).toStrictEqual(['not valid YAML: Missing closing "quote']);
  });

  it('fails on a duplicate key, which YAML forbids, at the line of the second key', () => {
    const { docs, problems } = parseText(`${API}\nkind: ToolGateway\nmetadata:\n  name: a\n  name: b\n  namespace: x\n`);
    expect(docs).toStrictEqual([]);
    expect(problems).toStrictEqual([
      { severity: 'error', message: 'not valid YAML: Map keys must be unique', origin: { file: 'intent/estate.yaml', line: 5 } },
    ]);
  });

  it('rejects a document that is a list, not an object', () => {
    const { docs, problems } = parseText('- a\n- b\n');
    expect(docs).toStrictEqual([{ type: 'invalid' }]);
    expect(problems).toStrictEqual([
      {
        severity: 'error',
        message: 'expected a Kubernetes object (a map with apiVersion and kind)',
        origin: { file: 'intent/estate.yaml', line: 1 },
      },
    ]);
  });
});

describe('findYamlFiles and loadYamlInput | files', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    const full = join(root, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tool-gateway-input-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('finds *.yaml and *.yml files recursively in sorted order, skipping dot entries and other files', () => {
    for (const rel of [
      'b.yaml',
      'a.yml',
      'sub/z.yaml',
      'sub/deeper/c.YAML',
      'a-b.yaml',
      'notes.txt',
      '.hidden.yaml',
      '.git/config.yaml',
      'sub/x.json',
    ])
      write(rel, '');
    expect(findYamlFiles(root).map((f) => f.slice(root.length + 1))).toStrictEqual([
      'a-b.yaml',
      'a.yml',
      'b.yaml',
      'sub/deeper/c.YAML',
      'sub/z.yaml',
    ]);
  });

  it('loads every file under a directory into one sorted estate, with file-relative origins', () => {
    write('teams/b.yaml', `${API}\nkind: ToolServer\nmetadata:\n  name: s\n  namespace: team-b\nspec:\n  image: i\n`);
    write('a.yaml', `${gatewayYaml('zeta')}---\n${gatewayYaml('alpha')}`);
    const problems: Problem[] = [];
    const estate = loadYamlInput([root], problems, root);
    expect(problems).toStrictEqual([]);
    expect(estate.toolGateways.map((g) => [g.name, g.origin])).toStrictEqual([
      ['alpha', { file: 'a.yaml', line: 7 }],
      ['zeta', { file: 'a.yaml', line: 1 }],
    ]);
    expect(estate.toolServers.map((s) => [s.name, s.origin])).toStrictEqual([['s', { file: 'teams/b.yaml', line: 1 }]]);
  });

  it('fails on the same object defined in two files, naming the first location', () => {
    write('a.yaml', gatewayYaml('tg'));
    write('z/b.yaml', `# again\n${gatewayYaml('tg')}`);
    const problems: Problem[] = [];
    const estate = loadYamlInput([root], problems, root);
    expect(problems).toStrictEqual([
      {
        severity: 'error',
        object: { kind: 'ToolGateway', namespace: 'tool-gateway', name: 'tg' },
        message: 'is defined twice (first at a.yaml:1); each object must be defined once',
        origin: { file: 'z/b.yaml', line: 2 },
      },
    ]);
    expect(estate.toolGateways).toHaveLength(1);
  });

  it('accepts single files as inputs', () => {
    write('one.yaml', gatewayYaml('one'));
    const problems: Problem[] = [];
    expect(loadYamlInput([join(root, 'one.yaml')], problems, root).toolGateways.map((g) => g.origin)).toStrictEqual([
      { file: 'one.yaml', line: 1 },
    ]);
    expect(problems).toStrictEqual([]);
  });

  it('fails on an input that does not exist', () => {
    const problems: Problem[] = [];
    const missing = join(root, 'nope');
    loadYamlInput([missing], problems, root);
    expect(problems).toStrictEqual([{ severity: 'error', message: `input ${JSON.stringify(missing)} does not exist` }]);
  });

  it('warns about a directory without YAML files', () => {
    write('readme.md', '# nothing');
    const problems: Problem[] = [];
    loadYamlInput([root], problems, root);
    expect(problems).toStrictEqual([{ severity: 'warning', message: `input ${JSON.stringify(root)} holds no *.yaml or *.yml files` }]);
  });
  it('skips objects that are not intent with one note, unpacks Lists, and reads the class', () => {
    write('a/configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: team-a}\n');
    write(
      'b/export.yaml',
      [
        'apiVersion: v1',
        'kind: List',
        'items:',
        '  - apiVersion: v1',
        '    kind: ConfigMap',
        '    metadata: {name: d, namespace: team-a}',
        `  - ${API}`,
        '    kind: ToolGateway',
        '    metadata: {name: tg, namespace: tool-gateway, uid: x, resourceVersion: "1"}',
        '    spec:',
        '      nope: 1',
        `  - ${API}`,
        '    kind: ToolGatewayClass',
        '    metadata: {name: agentgateway}',
        '    spec: {controller: c}',
        '',
      ].join('\n'),
    );
    const problems: Problem[] = [];
    const estate = loadYamlInput([root], problems, root);
    // The item's field is found inside the item, at its own line.
    expect(problems).toStrictEqual([
      {
        severity: 'error',
        object: { kind: 'ToolGateway', namespace: 'tool-gateway', name: 'tg' },
        field: 'spec.nope',
        message: 'unknown field (check the spelling: unknown fields are never ignored)',
        origin: { file: 'b/export.yaml', line: 11 },
      },
      {
        severity: 'info',
        message:
          'skipped 2 ConfigMap (v1) in a/configmap.yaml, b/export.yaml: not intent, so nothing is compiled from them; --strict-input makes them errors',
      },
    ]);
    expect(estate.toolGatewayClasses).toStrictEqual([
      { name: 'agentgateway', controller: 'c', isDefault: false, origin: { file: 'b/export.yaml', line: 12 } },
    ]);
  });

  it('skips kustomization files by name, whatever they hold, and refuses them with strictInput', () => {
    write('kustomization.yaml', 'resources: [a.yaml\n');
    write('sub/kustomization.yml', 'resources: []\n');
    write('Kustomization', 'resources: []\n');
    write('a.yaml', gatewayYaml('tg'));
    const problems: Problem[] = [];
    loadYamlInput([root, join(root, 'Kustomization')], problems, root);
    expect(problems.map((p) => p.message)).toStrictEqual([
      expect.stringMatching(
        /^skipped 3 kustomizations in Kustomization, kustomization\.yaml, sub\/kustomization\.yml: synth reads the folder's files as written/,
      ),
    ]);
    const strict: Problem[] = [];
    const estate = loadYamlInput([root], strict, root, { strictInput: true });
    expect(strict.map((p) => [p.severity, p.origin])).toStrictEqual([
      ['error', { file: 'kustomization.yaml' }],
      ['error', { file: 'sub/kustomization.yml' }],
    ]);
    expect(estate.toolGateways).toHaveLength(1);
  });

  it('refuses each object that is not intent with strictInput, at its line, naming it', () => {
    write('a.yaml', `${gatewayYaml('tg')}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: team-a}\n`);
    const problems: Problem[] = [];
    loadYamlInput([root], problems, root, { strictInput: true });
    expect(problems).toStrictEqual([
      {
        severity: 'error',
        object: { kind: 'Deployment', namespace: 'team-a', name: 'web' },
        message:
          'is not intent (kind Deployment of apps/v1), and --strict-input refuses what is not intent; remove it from the input or drop --strict-input',
        origin: { file: 'a.yaml', line: 7 },
      },
    ]);
  });

  it('merges a Namespace repeated alike across files', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a, labels: {tier: gold}}\n';
    write('a.yaml', ns);
    write('b.yaml', ns);
    const problems: Problem[] = [];
    expect(loadYamlInput([root], problems, root).namespaces.map((n) => n.origin)).toStrictEqual([{ file: 'a.yaml', line: 1 }]);
    expect(problems).toStrictEqual([]);
  });
});
