import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli, runMain } from '../support/cli.js';
import { readTree as files } from '../support/file-tree.js';

// How the CLI reads hostile or unusual YAML: anchors and merge keys, alias bombs, many documents,
// unknown fields at any level, Lists, bad CIDRs and malformed NetworkPolicies. Bombs run through the
// binary (a child process: its exit code, and no stack trace on stderr); the rest call main().

const work = mkdtempSync(join(tmpdir(), 'tool-gateway-yaml-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const API = 'apiVersion: runtime.agentic-layer.ai/v1alpha1';

function write(name: string, text: string): string {
  const path = join(work, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** One estate, written plainly or with anchors, aliases and merge keys; both must read the same. */
const estate = (aliased: boolean) =>
  [
    'apiVersion: v1',
    'kind: Namespace',
    'metadata:',
    '  name: team-a',
    aliased ? '  labels: &team {team: a, tier: gold}' : '  labels: {team: a, tier: gold}',
    '---',
    API,
    'kind: ToolGateway',
    'metadata: {name: shared, namespace: tool-gateway}',
    '---',
    API,
    'kind: ToolServer',
    'metadata:',
    '  name: weather',
    '  namespace: team-a',
    '  labels: {team: a, tier: gold}',
    'spec:',
    '  image: ghcr.io/example/weather-mcp:1.4.2',
    '  port: 8000',
    '  resources:',
    aliased ? '    limits: &limits {cpu: "1", memory: 1Gi}' : '    limits: {cpu: "1", memory: 1Gi}',
    '    requests:',
    ...(aliased ? ['      <<: *limits', '      cpu: 500m'] : ['      cpu: 500m', '      memory: 1Gi']),
    '---',
    API,
    'kind: ToolRoute',
    'metadata: {name: weather, namespace: team-a}',
    'spec:',
    '  toolGatewayRef: {name: shared, namespace: tool-gateway}',
    '  upstream: {toolServerRef: {name: weather}}',
    '',
  ].join('\n');

/** The billion laughs in a manifest of the given kind. */
function laughs(head: string): string {
  const lines = [head, 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 9; i++) lines.push(`l${i}: &l${i} [${Array.from({ length: 9 }, () => `*l${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}

describe('YAML anchors, aliases and merge keys |', () => {
  const plain = write('plain/estate.yaml', estate(false));
  const aliased = write('aliased/estate.yaml', estate(true));

  test('synth compiles them to the same files as the expanded document', async () => {
    const a = await runMain(['synth', '--input', plain, '--out', join(work, 'out-plain'), '--no-reconciler']);
    const b = await runMain(['synth', '--input', aliased, '--out', join(work, 'out-aliased'), '--no-reconciler']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const written = files(join(work, 'out-aliased'));
    expect(Object.keys(written).length).toBeGreaterThan(3);
    expect(written).toStrictEqual(files(join(work, 'out-plain')));
  });

  test('validate and explain accept them', async () => {
    const manifests = write(
      'aliased-manifests.yaml',
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: settings, namespace: team-a, labels: &l {app: weather}}',
        'data: *l',
        '---',
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: weather, namespace: team-a}',
        'spec:',
        '  podSelector: {matchLabels: &l {app: weather}}',
        '  ingress: [{from: [{podSelector: {matchLabels: {<<: *l, role: client}}}]}]',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: weather, namespace: team-a}',
        'spec:',
        '  selector: {matchLabels: &l {app: weather}}',
        '  template: {metadata: {labels: *l}, spec: {containers: [{name: c, image: x}]}}',
        '',
      ].join('\n'),
    );
    const v = await runMain(['validate', manifests]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain('3 object(s) valid');
    const e = await runMain(['explain', 'team-a/deployment/weather', '--manifests', manifests]);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toContain('  - pods app=weather, role=client in namespace team-a, on any port');
  });
});

describe('alias bombs and undefined aliases |', () => {
  const bombIntent = write('bomb/intent.yaml', laughs(`${API}\nkind: ToolGateway\nmetadata: {name: tg, namespace: tool-gateway}`));
  const bombManifest = write('bomb-manifest.yaml', laughs('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: a}'));
  const expected = (file: string) =>
    new RegExp(
      `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: error: aliases would expand this document to more than 1000000 nodes`,
    );

  test.each([
    ['synth', ['synth', '--input', bombIntent, '--out', join(work, 'never')], bombIntent],
    ['validate', ['validate', bombManifest], bombManifest],
    ['explain', ['explain', 'a/deployment/x', '--manifests', bombManifest], bombManifest],
  ])('%s refuses the billion laughs with the file and line, exit 1, no stack trace', (_, args, file) => {
    const r = runCli(args);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const [first] = r.stderr.split('\n');
    expect(first).toMatch(expected(relative(process.cwd(), file)));
    expect(r.stderr).toContain(':10: error:'); // level 6, where the expansion passes a million nodes
  });

  test('an alias to an undefined anchor is an error at its line in synth, validate and explain', async () => {
    const intent = write(
      'undefined/intent.yaml',
      `${API}\nkind: ToolGateway\nmetadata: {name: tg, namespace: tool-gateway}\nspec: *nope\n`,
    );
    const manifest = write('undefined-manifest.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: a}\ndata: *nope\n');
    const line = (f: string) => `${relative(process.cwd(), f)}:4: error: alias *nope refers to no anchor; define &nope before the alias`;
    const s = await runMain(['synth', '--input', intent, '--out', join(work, 'never')]);
    expect([s.code, s.stderr.split('\n')[0]]).toStrictEqual([1, line(intent)]);
    const v = await runMain(['validate', manifest]);
    expect([v.code, v.stderr.split('\n')[0]]).toStrictEqual([1, line(manifest)]);
    const e = await runMain(['explain', 'a/deployment/x', '--manifests', manifest]);
    expect([e.code, e.stderr.split('\n')[0]]).toStrictEqual([1, line(manifest)]);
  });
});

describe('many documents in one file |', () => {
  test('125,000 documents (Namespaces and a route) compile without a crash, each counted', async () => {
    const docs = Array.from({ length: 124_996 }, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${i}\n`);
    const input = write('many/estate.yaml', [...docs, estate(false)].join('---\n'));
    const out = join(work, 'out-many');
    const r = await runMain(['synth', '--input', input, '--out', out, '--no-reconciler']);
    expect(r.code, r.stderr).toBe(0);
    expect(files(out)).toStrictEqual(files(join(work, 'out-plain')));
    // A conflicting duplicate namespace at the very end is found, so every document was read.
    const dup = write(
      'many-dup/estate.yaml',
      [...docs, estate(false), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-7\n  labels: {x: y}\n'].join('---\n'),
    );
    const d = await runMain(['synth', '--input', dup, '--out', join(work, 'never')]);
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/Namespace ns-7/);
  }, 120_000);
});

describe('unknown fields at every level |', () => {
  test('a misspelt spec, a misspelt metadata.labels and an unknown top-level key are errors with a hint, file and line', async () => {
    const input = write(
      'typos/estate.yaml',
      [
        API,
        'kind: ToolServer',
        'metadata:',
        '  name: weather',
        '  namespace: team-a',
        '  lables: {a: b}',
        'sepc:',
        '  image: x',
        'extra: 1',
        '',
      ].join('\n'),
    );
    const r = await runMain(['synth', '--input', input, '--out', join(work, 'never')]);
    expect(r.code).toBe(1);
    const f = relative(process.cwd(), input);
    expect(r.stderr.trim().split('\n')).toStrictEqual([
      `${f}:7: error: ToolServer team-a/weather: sepc: unknown field (did you mean "spec"? unknown fields are never ignored)`,
      `${f}:9: error: ToolServer team-a/weather: extra: unknown field (check the spelling: unknown fields are never ignored)`,
      `${f}:6: error: ToolServer team-a/weather: metadata.lables: unknown field (did you mean "labels"? unknown fields are never ignored)`,
      `${f}:1: error: ToolServer team-a/weather: spec.image: is required`,
      '4 error(s); nothing was written',
    ]);
  });

  test('a document without apiVersion or kind says so, never "undefined"', async () => {
    const input = write('nokind/estate.yaml', 'metadata: {name: x}\n');
    const r = await runMain(['synth', '--input', input, '--out', join(work, 'never')]);
    expect(r.stderr).toContain('error: the document has no apiVersion and no kind;');
    expect(r.stderr).not.toContain('undefined');
    const v = await runMain(['validate', input]);
    expect(v.stderr).toContain('error: the object has no apiVersion and no kind');
    expect(v.stderr).not.toContain('undefined');
  });

  test('a 1 MB name is echoed once, cut to at most 200 characters', async () => {
    const name = 'X'.repeat(1_000_000);
    const input = write('huge-name/estate.yaml', `${API}\nkind: ToolGateway\nmetadata: {name: ${name}, namespace: tool-gateway}\n`);
    const r = await runMain(['synth', '--input', input, '--out', join(work, 'never')]);
    expect(r.code).toBe(1);
    const [line = ''] = r.stderr.split('\n');
    expect(line.length).toBeLessThan(600);
    expect(line.split('X'.repeat(150))).toHaveLength(2);
    const v = await runMain([
      'validate',
      write('huge-name.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: a}\n`),
    ]);
    expect(v.code).toBe(1);
    for (const l of v.stderr.trim().split('\n').slice(0, -1)) {
      expect(l.length).toBeLessThan(600);
      expect(l.split('X'.repeat(150)).length).toBeLessThanOrEqual(2);
    }
  });
});

describe('validate | Lists and NetworkPolicies', () => {
  test('unpacks a v1/List (and nested *List) and reports a bad Deployment inside at its line', async () => {
    const input = write(
      'list.yaml',
      [
        'apiVersion: v1',
        'kind: List',
        'items:',
        '  - apiVersion: v1',
        '    kind: ConfigMapList',
        '    items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: ok, namespace: a}}]',
        '  - apiVersion: apps/v1',
        '    kind: Deployment',
        '    metadata: {name: web, namespace: a}',
        '    spec:',
        '      selector: {matchLabels: {app: web}}',
        '      template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: x, portz: 1}]}}',
        '',
      ].join('\n'),
    );
    const r = await runMain(['validate', input]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${relative(process.cwd(), input)}:7: error: Deployment a/web: spec.template.spec.containers[0].portz: unknown field "portz" (did you mean "ports"?)`,
    );
    expect(r.stderr).toContain('1 error(s)');
  });

  test('refuses an invalid CIDR and an except outside its cidr', async () => {
    const input = write(
      'cidr.yaml',
      [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: np, namespace: a}',
        'spec:',
        '  podSelector: {}',
        '  egress: [{to: [{ipBlock: {cidr: 999.0.0.0/77}}, {ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/8]}}]}]',
        '',
      ].join('\n'),
    );
    const r = await runMain(['validate', input]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NetworkPolicy a/np: spec.egress[0].to[0].ipBlock.cidr: "999.0.0.0/77" is not a valid CIDR');
    expect(r.stderr).toContain(
      'NetworkPolicy a/np: spec.egress[0].to[1].ipBlock.except[0]: "11.0.0.0/8" is not a strict subset of cidr "10.0.0.0/8"',
    );
  });
});

describe('explain | malformed NetworkPolicies', () => {
  const deployment = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: w, namespace: team-a}',
    'spec:',
    '  selector: {matchLabels: {app: w}}',
    '  template: {metadata: {labels: {app: w}}, spec: {containers: [{name: c, image: x}]}}',
  ].join('\n');
  const policy = (spec: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: team-a}\nspec: ${spec}\n`;

  test('reads spec: null as the API server does (left out): the pods are isolated for ingress', async () => {
    const input = write('explain-null.yaml', `${deployment}\n---\n${policy('null')}`);
    const r = await runMain(['explain', 'team-a/deployment/w', '--manifests', input]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ingress: isolated by NetworkPolicy team-a/np; it may be reached by:\n  nothing');
  });

  test.each([
    ['wrong types', '{podSelector: {}, ingress: {from: 3}}', 'spec.ingress: value {"from":3} is an object; expected a list'],
    ['a string spec', 'oops', 'spec: value "oops" is a string; expected an object'],
    [
      'an unknown operator',
      '{podSelector: {matchExpressions: [{key: app, operator: Bogus}]}}',
      'spec.podSelector.matchExpressions[0].operator: "Bogus" is not a valid operator',
    ],
    [
      'In without values',
      '{podSelector: {matchExpressions: [{key: app, operator: In}]}}',
      'spec.podSelector.matchExpressions[0].values: must not be empty when the operator is In',
    ],
    ['matchLabels as a list', '{podSelector: {matchLabels: [1]}}', 'spec.podSelector.matchLabels: value [1] is a list; expected an object'],
  ])('refuses %s with a clean error, never a stack trace', async (_, spec, message) => {
    const input = write(`explain-${message.length}-${spec.length}.yaml`, `${deployment}\n---\n${policy(spec)}`);
    const r = await runMain(['explain', 'team-a/deployment/w', '--manifests', input]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error: NetworkPolicy team-a/np: ${message}`);
    expect(r.stderr).toContain('nothing to explain');
  });
});
