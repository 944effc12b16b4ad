import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/contracts/problem.js';
import { INTENT_API_VERSION } from '../../src/contracts/api-group.js';
import { parseIntentDocument, type ParsedDocument } from '../../src/intent/parse-intent.js';
import {
  cr,
  guard,
  intentOf,
  namespaceDoc,
  presidioProvider,
  routeToServer,
  routeToUrl,
  toolGateway,
  toolRoute,
  toolServer,
} from '../support/intent-fixtures.js';

function parse(doc: unknown): { result: ParsedDocument; problems: Problem[] } {
  const problems: Problem[] = [];
  const result = parseIntentDocument(doc, { file: 'estate.yaml', line: 7 }, problems);
  return { result, problems };
}

/** Parses a document that must be rejected; returns its problems. */
function rejected(doc: unknown): Problem[] {
  const { result, problems } = parse(doc);
  expect(result).toStrictEqual({ type: 'invalid' });
  expect(problems.length).toBeGreaterThan(0);
  expect(problems.every((p) => p.severity === 'error')).toBe(true);
  return problems;
}

/** The single problem of a rejected document, without its origin. */
function onlyProblem(doc: unknown): Omit<Problem, 'origin'> {
  const problems = rejected(doc);
  expect(problems).toHaveLength(1);
  return Object.fromEntries(Object.entries(problems[0]!).filter(([key]) => key !== 'origin')) as Omit<Problem, 'origin'>;
}

const UNKNOWN_FIELD = 'unknown field (check the spelling: unknown fields are never ignored)';
const DNS1035 = 'lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters';
const DNS1123_SUBDOMAIN =
  'lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, at most 253 characters';
const DNS1123_LABEL = 'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

describe('parseIntentDocument | defaults', () => {
  it('defaults a ToolServer to protocol mcp, transport http, port 8080, path /mcp and one replica', () => {
    const ts = intentOf('ToolServer', toolServer('team-a', 'weather'));
    expect(ts.spec).toStrictEqual({
      protocol: 'mcp',
      transportType: 'http',
      image: 'ghcr.io/example/mcp-server:1.0.0',
      port: 8080,
      path: '/mcp',
      replicas: 1,
    });
  });

  it('defaults the path of an sse ToolServer to /sse', () => {
    const ts = intentOf('ToolServer', toolServer('team-a', 'legacy', { transportType: 'sse' }));
    expect(ts.spec.path).toBe('/sse');
    expect(ts.spec.port).toBe(8080);
  });

  it('keeps explicit port, path and replicas, including zero replicas', () => {
    const ts = intentOf('ToolServer', toolServer('team-a', 'w', { port: 8000, path: '/custom-path', replicas: 0, transportType: 'sse' }));
    expect([ts.spec.port, ts.spec.path, ts.spec.replicas, ts.spec.transportType]).toStrictEqual([8000, '/custom-path', 0, 'sse']);
  });

  it('returns name, namespace, labels, annotations and the origin it was given', () => {
    const doc = {
      ...toolGateway('tool-gateway', 'tg'),
      metadata: { name: 'tg', namespace: 'tool-gateway', labels: { team: 'a' }, annotations: { note: 'x' } },
    };
    const { result, problems } = parse(doc);
    expect(problems).toStrictEqual([]);
    expect(result).toStrictEqual({
      type: 'intent',
      object: {
        kind: 'ToolGateway',
        name: 'tg',
        namespace: 'tool-gateway',
        labels: { team: 'a' },
        annotations: { note: 'x' },
        spec: {},
        origin: { file: 'estate.yaml', line: 7 },
      },
    });
  });

  it('gives empty labels and annotations when metadata has none, and an empty spec when spec is missing', () => {
    const tg = intentOf('ToolGateway', cr('ToolGateway', 'tool-gateway', 'tg'));
    expect([tg.labels, tg.annotations, tg.spec]).toStrictEqual([{}, {}, {}]);
  });

  it('ignores fields outside spec and metadata, such as status', () => {
    const tg = intentOf('ToolGateway', { ...toolGateway('tool-gateway', 'tg'), status: { url: 'x' } });
    expect(tg.name).toBe('tg');
  });
});

describe('parseIntentDocument | field validation', () => {
  it('rejects an unknown spec field and names it', () => {
    expect(onlyProblem(toolServer('team-a', 'weather', { replica: 2 }))).toStrictEqual({
      severity: 'error',
      object: { kind: 'ToolServer', namespace: 'team-a', name: 'weather' },
      field: 'spec.replica',
      message: 'unknown field (did you mean "replicas"? unknown fields are never ignored)',
    });
  });

  it('rejects each unknown field separately, also inside nested objects', () => {
    const problems = rejected(routeToServer('team-a', 'r', 's', { toolFilter: { allow: ['a'], denied: ['b'] }, gateway: 'x' }));
    expect(problems.map((p) => [p.field, p.message]).sort()).toStrictEqual([
      ['spec.gateway', UNKNOWN_FIELD],
      ['spec.toolFilter.denied', UNKNOWN_FIELD],
    ]);
  });

  it('suggests the nearest field name for an unknown field inside spec', () => {
    const problems = rejected(routeToServer('team-a', 'r', 's', { toolFilter: { alow: ['a'] } }));
    expect(problems.map((p) => [p.field, p.message])).toStrictEqual([
      ['spec.toolFilter.alow', 'unknown field (did you mean "allow"? unknown fields are never ignored)'],
    ]);
  });

  it('rejects unknown top-level fields, such as a misspelt spec, instead of compiling an empty spec', () => {
    const { spec, ...rest } = toolServer('team-a', 'weather') as { spec: unknown };
    // The spec it lacks is then missing its required image, too.
    expect(rejected({ ...rest, sepc: spec }).map((p) => [p.field, p.message])).toStrictEqual([
      ['sepc', 'unknown field (did you mean "spec"? unknown fields are never ignored)'],
      ['spec.image', 'is required'],
    ]);
    expect(onlyProblem({ ...toolGateway('tool-gateway', 'tg'), extra: 1 })).toMatchObject({ field: 'extra', message: UNKNOWN_FIELD });
    expect(onlyProblem({ ...namespaceDoc('team-a'), data: {} })).toMatchObject({
      object: { kind: 'Namespace', name: 'team-a' },
      field: 'data',
      message: UNKNOWN_FIELD,
    });
  });

  it('rejects unknown metadata fields, such as misspelt labels, and accepts the other ObjectMeta fields', () => {
    const doc = toolGateway('tool-gateway', 'tg') as { metadata: Record<string, unknown> };
    expect(onlyProblem({ ...doc, metadata: { ...doc.metadata, lables: { a: 'b' } } })).toStrictEqual({
      severity: 'error',
      object: { kind: 'ToolGateway', namespace: 'tool-gateway', name: 'tg' },
      field: 'metadata.lables',
      message: 'unknown field (did you mean "labels"? unknown fields are never ignored)',
    });
    expect(onlyProblem({ ...namespaceDoc('team-a'), metadata: { name: 'team-a', namespce: 'x' } })).toMatchObject({
      field: 'metadata.namespce',
      message: 'unknown field (did you mean "namespace"? unknown fields are never ignored)',
    });
    const meta = { ...doc.metadata, uid: 'u', resourceVersion: '1', generation: 2, finalizers: ['f'], creationTimestamp: null };
    expect(intentOf('ToolGateway', { ...doc, metadata: meta }).name).toBe('tg');
  });

  it('refuses a __proto__ key anywhere, by path, and never takes it as a prototype', () => {
    const labels = JSON.parse('{"__proto__": {"polluted": "yes"}}') as Record<string, string>;
    const doc = toolServer('team-a', 'weather') as { metadata: Record<string, unknown> };
    expect(onlyProblem({ ...doc, metadata: { ...doc.metadata, labels } })).toStrictEqual({
      severity: 'error',
      field: 'metadata.labels.__proto__',
      message: 'a key named "__proto__" is not allowed: no Kubernetes field, label, annotation or resource name has that name',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a port given as a string, naming the value', () => {
    expect(onlyProblem(toolServer('team-a', 'w', { port: '8080' }))).toMatchObject({
      field: 'spec.port',
      message: 'expected a number, got a string "8080"',
    });
  });

  it('rejects a fractional port', () => {
    expect(onlyProblem(toolServer('team-a', 'w', { port: 80.5 }))).toMatchObject({
      field: 'spec.port',
      message: 'expected an integer, got a number 80.5',
    });
  });

  it('rejects ports outside 1..65535 and negative replicas', () => {
    expect(onlyProblem(toolServer('team-a', 'w', { port: 0 }))).toMatchObject({
      field: 'spec.port',
      message: '0 is too small; the minimum is 1',
    });
    expect(onlyProblem(toolServer('team-a', 'w', { port: 65536 }))).toMatchObject({
      field: 'spec.port',
      message: '65536 is too large; the maximum is 65535',
    });
    expect(onlyProblem(toolServer('team-a', 'w', { replicas: -1 }))).toMatchObject({
      field: 'spec.replicas',
      message: '-1 is too small; the minimum is 0',
    });
  });

  it('rejects wrong types in lists, naming the list index', () => {
    expect(
      onlyProblem(
        toolGateway('tool-gateway', 'tg', {
          env: [
            { name: 'A', value: 'x' },
            { name: 'B', value: 3 },
          ],
        }),
      ),
    ).toMatchObject({
      field: 'spec.env[1].value',
      message: 'expected a string, got an integer 3',
    });
    expect(onlyProblem(toolGateway('tool-gateway', 'tg', { env: { name: 'A' } }))).toMatchObject({
      field: 'spec.env',
      message: 'expected a list, got a map {"name":"A"}',
    });
  });

  it('rejects values outside the enums and lists the allowed ones', () => {
    expect(onlyProblem(toolServer('team-a', 'w', { transportType: 'stdio' }))).toMatchObject({
      field: 'spec.transportType',
      message: '"stdio" is not allowed; allowed: "http", "sse"',
    });
    expect(onlyProblem(toolServer('team-a', 'w', { protocol: 'a2a' }))).toMatchObject({
      field: 'spec.protocol',
      message: '"a2a" is not allowed; allowed: "mcp"',
    });
    expect(onlyProblem(guard('g', 'pii', { mode: ['pre_call', 'mid_call'] }))).toMatchObject({
      field: 'spec.mode[1]',
      message: '"mid_call" is not allowed; allowed: "pre_call", "post_call", "during_call"',
    });
    expect(onlyProblem(cr('GuardrailProvider', 'g', 'p', { type: 'presidio' }))).toMatchObject({
      field: 'spec.type',
      message: '"presidio" is not allowed; allowed: "openai-moderation-api", "bedrock-api", "presidio-api"',
    });
  });

  it('rejects a missing required field as required', () => {
    expect(onlyProblem(cr('ToolServer', 'team-a', 'w', {}))).toMatchObject({ field: 'spec.image', message: 'is required' });
    expect(onlyProblem(cr('ToolServer', 'team-a', 'w', { image: '' }))).toMatchObject({
      field: 'spec.image',
      message: 'an image is required',
    });
    expect(onlyProblem(cr('GuardrailProvider', 'g', 'p', {}))).toMatchObject({
      field: 'spec.type',
      message: 'is required; allowed: "openai-moderation-api", "bedrock-api", "presidio-api"',
    });
    expect(onlyProblem(cr('Guard', 'g', 'pii', { mode: ['pre_call'] }))).toMatchObject({
      field: 'spec.providerRef',
      message: 'is required',
    });
    expect(onlyProblem(cr('Guard', 'g', 'pii', { mode: ['pre_call'], providerRef: { name: '' } }))).toMatchObject({
      field: 'spec.providerRef.name',
      message: 'a reference needs a name',
    });
  });

  it('rejects a Guard without modes and one that lists a mode twice', () => {
    expect(onlyProblem(guard('g', 'pii', { mode: [] }))).toMatchObject({
      field: 'spec.mode',
      message: 'at least one mode is required (pre_call, post_call)',
    });
    expect(onlyProblem(guard('g', 'pii', { mode: ['post_call', 'post_call'] }))).toMatchObject({
      field: 'spec.mode',
      message: 'mode "post_call" is listed twice',
    });
  });

  it('requires a presidio provider block to carry a baseUrl', () => {
    expect(onlyProblem(cr('GuardrailProvider', 'g', 'p', { type: 'presidio-api', presidio: {} }))).toMatchObject({
      field: 'spec.presidio.baseUrl',
      message: 'is required',
    });
  });

  it('accepts the provider and guard shapes of the worked example', () => {
    expect(intentOf('GuardrailProvider', presidioProvider('guards')).spec).toStrictEqual({
      type: 'presidio-api',
      presidio: { baseUrl: 'http://presidio:8000' },
    });
    expect(intentOf('Guard', guard('guards', 'pii', { presidio: { entityActions: { EMAIL_ADDRESS: 'MASK' } } })).spec).toStrictEqual({
      mode: ['pre_call'],
      providerRef: { name: 'presidio' },
      failureMode: 'FailClosed',
      replicas: 1,
      presidio: { entityActions: { EMAIL_ADDRESS: 'MASK' } },
    });
  });
});

describe('parseIntentDocument | ToolRoute upstream', () => {
  it('fails when neither toolServerRef nor external is set, with the CRD rule message', () => {
    expect(onlyProblem(toolRoute('team-a', 'r', { upstream: {} }))).toStrictEqual({
      severity: 'error',
      object: { kind: 'ToolRoute', namespace: 'team-a', name: 'r' },
      field: 'spec.upstream',
      message: 'exactly one of toolServerRef or external must be set',
    });
  });

  it('fails when both toolServerRef and external are set', () => {
    expect(
      onlyProblem(toolRoute('team-a', 'r', { upstream: { toolServerRef: { name: 's' }, external: { url: 'https://x.example.com/mcp' } } })),
    ).toMatchObject({
      field: 'spec.upstream',
      message: 'exactly one of toolServerRef or external must be set',
    });
  });

  it('rejects a route without upstream', () => {
    expect(onlyProblem(toolRoute('team-a', 'r', {}))).toMatchObject({ field: 'spec.upstream', message: 'is required' });
  });

  it('accepts exactly one of the two', () => {
    expect(intentOf('ToolRoute', routeToServer('team-a', 'r', 's')).spec.upstream).toStrictEqual({ toolServerRef: { name: 's' } });
    expect(intentOf('ToolRoute', routeToUrl('team-a', 'r', 'https://x.example.com/mcp')).spec.upstream).toStrictEqual({
      external: { url: 'https://x.example.com/mcp' },
    });
  });
});

describe('parseIntentDocument | ToolServer path rules', () => {
  const pathProblem = (path: string) => onlyProblem(toolServer('team-a', 'w', { path }));

  it('rejects a path that does not start with /', () => {
    expect(pathProblem('mcp')).toMatchObject({ field: 'spec.path', message: '"mcp" must start with "/"' });
  });

  it('rejects whitespace and control characters', () => {
    expect(pathProblem('/my mcp')).toMatchObject({ message: '"/my mcp" contains whitespace or control characters' });
    expect(pathProblem('/mcp\u0001')).toMatchObject({ message: '"/mcp\\u0001" contains whitespace or control characters' });
  });

  it('rejects ? and #', () => {
    expect(pathProblem('/mcp?x=1')).toMatchObject({ message: '"/mcp?x=1" contains "?" or "#"; a tool server path is a plain URL path' });
    expect(pathProblem('/mcp#top')).toMatchObject({ message: '"/mcp#top" contains "?" or "#"; a tool server path is a plain URL path' });
  });

  it('rejects paths that change under URL parsing', () => {
    expect(pathProblem('/a/../mcp')).toMatchObject({
      message: '"/a/../mcp" changes under URL parsing (to "/mcp"); write it in normalised form',
    });
    expect(pathProblem('/t\u00e4st')).toMatchObject({
      message: '"/t\u00e4st" changes under URL parsing (to "/t%C3%A4st"); write it in normalised form',
    });
  });

  it('rejects paths over 1024 characters and accepts exactly 1024', () => {
    const long = `/${'a'.repeat(1024)}`;
    expect(pathProblem(long)).toMatchObject({ message: 'path is 1025 characters long; at most 1024 are allowed' });
    expect(intentOf('ToolServer', toolServer('team-a', 'w', { path: `/${'a'.repeat(1023)}` })).spec.path).toHaveLength(1024);
  });

  it('accepts normalised paths with percent-escapes and trailing slashes', () => {
    expect(intentOf('ToolServer', toolServer('team-a', 'w', { path: '/a%20b/mcp/' })).spec.path).toBe('/a%20b/mcp/');
  });
});

describe('parseIntentDocument | names and namespaces', () => {
  it('fails when metadata.namespace is missing', () => {
    expect(onlyProblem(cr('ToolGateway', undefined, 'tg'))).toStrictEqual({
      severity: 'error',
      object: { kind: 'ToolGateway', namespace: undefined, name: 'tg' },
      field: 'metadata.namespace',
      message: 'is required: the compiler does not know which namespace kubectl or Argo CD would pick, so name it',
    });
  });

  it('rejects a namespace that is not a DNS-1123 label', () => {
    expect(onlyProblem(cr('ToolGateway', 'Team_A', 'tg', {}))).toMatchObject({
      field: 'metadata.namespace',
      message: `is not a valid name; allowed: ${DNS1123_LABEL}`,
    });
  });

  it('fails when metadata or metadata.name is missing', () => {
    expect(onlyProblem({ apiVersion: INTENT_API_VERSION, kind: 'ToolServer', spec: { image: 'x' } })).toStrictEqual({
      severity: 'error',
      message: 'is required and must be a map with at least a name',
      object: { kind: 'ToolServer', name: '?' },
      field: 'metadata',
    });
    expect(
      onlyProblem({ apiVersion: INTENT_API_VERSION, kind: 'ToolServer', metadata: { namespace: 'a' }, spec: { image: 'x' } }),
    ).toStrictEqual({
      severity: 'error',
      message: 'is required',
      object: { kind: 'ToolServer', name: '?' },
      field: 'metadata.name',
    });
  });

  it('reports a bad label value at the label, not as a missing name', () => {
    expect(
      onlyProblem({
        apiVersion: INTENT_API_VERSION,
        kind: 'ToolServer',
        metadata: { name: 'ts', namespace: 'a', labels: { tier: 1 } },
        spec: { image: 'x' },
      }),
    ).toMatchObject({
      object: { kind: 'ToolServer', name: 'ts' },
      field: 'metadata.labels.tier',
      message: 'expected a string, got an integer 1',
    });
  });

  for (const kind of ['ToolGateway', 'ToolServer', 'Guard'] as const) {
    const spec = kind === 'ToolServer' ? { image: 'x' } : kind === 'Guard' ? { mode: ['pre_call'], providerRef: { name: 'p' } } : {};

    it(`rejects a ${kind} name that is not a DNS-1035 label (it becomes a Service name)`, () => {
      for (const name of ['1tg', 'my.tg', 'Tg', 'tg-']) {
        expect(onlyProblem(cr(kind, 'ns', name, spec))).toMatchObject({
          field: 'metadata.name',
          message: `is not a valid name; allowed: ${DNS1035}`,
        });
      }
    });

    it(`rejects a ${kind} name of 64 characters and accepts 63`, () => {
      const long = `a${'b'.repeat(63)}`;
      expect(onlyProblem(cr(kind, 'ns', long, spec))).toMatchObject({
        field: 'metadata.name',
        message: `is 64 characters long; allowed: ${DNS1035}`,
      });
      expect(parse(cr(kind, 'ns', long.slice(0, 63), spec)).result.type).toBe('intent');
    });
  }

  it('accepts a dotted ToolRoute name up to 253 characters (a DNS-1123 subdomain)', () => {
    const name = [`a${'x'.repeat(62)}`, `b${'x'.repeat(62)}`, `c${'x'.repeat(62)}`, `d${'x'.repeat(60)}`].join('.');
    expect(name).toHaveLength(253);
    expect(intentOf('ToolRoute', routeToServer('team-a', name, 's')).name).toBe(name);
    expect(intentOf('ToolRoute', routeToServer('team-a', '1-route.v2', 's')).name).toBe('1-route.v2');
  });

  it('rejects ToolRoute names that are not DNS-1123 subdomains', () => {
    expect(onlyProblem(routeToServer('team-a', `${'a'.repeat(250)}.bcd`, 's'))).toMatchObject({
      field: 'metadata.name',
      message: `is 254 characters long; allowed: ${DNS1123_SUBDOMAIN}`,
    });
    expect(onlyProblem(routeToServer('team-a', 'a..b', 's'))).toMatchObject({
      message: `is not a valid name; allowed: ${DNS1123_SUBDOMAIN}`,
    });
    expect(onlyProblem(routeToServer('team-a', 'Route', 's'))).toMatchObject({
      message: `is not a valid name; allowed: ${DNS1123_SUBDOMAIN}`,
    });
  });

  it('reports a bad name, a bad namespace and a bad spec of one document together', () => {
    const problems = rejected(cr('ToolServer', 'Bad_NS', '9ts', { port: 0, image: 'x' }));
    expect(problems.map((p) => p.field)).toStrictEqual(['metadata.name', 'metadata.namespace', 'spec.port']);
  });
});

describe('parseIntentDocument | kinds', () => {
  const needsBoth =
    'every Kubernetes object needs both (intent is ToolGateway, ToolRoute, ToolServer, Guard, GuardrailProvider, ToolSet of runtime.agentic-layer.ai/v1alpha1)';
  const groupKinds =
    "the compiler reads ToolGateway, ToolRoute, ToolServer, Guard, GuardrailProvider, ToolSet, ToolGatewayClass, and skips the agent runtime's Agent, AgentGateway, AgentGatewayClass, AgentRuntimeConfiguration, AgenticWorkforce, AiGateway, AiGatewayClass, OperatorConfiguration";

  it('rejects an unknown kind of the intent group, naming the object and the kinds of the group', () => {
    expect(onlyProblem(cr('Gadget', 'team-a', 'g', {}))).toStrictEqual({
      severity: 'error',
      object: { kind: 'Gadget', namespace: 'team-a', name: 'g' },
      message: `unknown kind "Gadget" of runtime.agentic-layer.ai: ${groupKinds}`,
    });
    expect(onlyProblem(cr('ToolGateways', 'team-a', 'g', {})).message).toBe(
      `unknown kind "ToolGateways" of runtime.agentic-layer.ai (did you mean ToolGateway?): ${groupKinds}`,
    );
  });

  it('rejects an unsupported apiVersion of a known kind', () => {
    expect(onlyProblem({ ...toolGateway('tool-gateway', 'tg'), apiVersion: 'runtime.agentic-layer.ai/v1' })).toStrictEqual({
      severity: 'error',
      object: { kind: 'ToolGateway', namespace: 'tool-gateway', name: 'tg' },
      message:
        'apiVersion "runtime.agentic-layer.ai/v1" is not a version of ToolGateway the compiler reads; use runtime.agentic-layer.ai/v1alpha1',
    });
  });

  it('skips objects outside the group, and the group kinds of the agent runtime, without reading them', () => {
    const skipped = (doc: unknown) => {
      const { result, problems } = parse(doc);
      expect(problems).toStrictEqual([]);
      return result;
    };
    expect(
      skipped({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x', namespace: 'y' },
        data: JSON.parse('{"__proto__": 1}') as unknown,
      }),
    ).toStrictEqual({
      type: 'skipped',
      object: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'y', name: 'x', origin: { file: 'estate.yaml', line: 7 } },
    });
    expect(skipped({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: 'not a map' })).toMatchObject({
      type: 'skipped',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: undefined, name: undefined },
    });
    for (const kind of ['Agent', 'AgenticWorkforce', 'AgentGateway', 'AiGateway']) {
      expect(skipped(cr(kind, 'team-a', 'a', { anything: true }))).toMatchObject({ type: 'skipped', object: { kind, name: 'a' } });
    }
  });

  it('rejects documents without apiVersion or kind', () => {
    expect(onlyProblem({ metadata: { name: 'x' } })).toMatchObject({ message: `the document has no apiVersion and no kind; ${needsBoth}` });
    expect(onlyProblem({ apiVersion: 'v1', metadata: { name: 'x' } })).toMatchObject({ message: `the document has no kind; ${needsBoth}` });
    expect(onlyProblem({ apiVersion: 7, kind: 'Namespace' })).toMatchObject({ message: `apiVersion 7 is not a string; ${needsBoth}` });
  });

  it('rejects a document that is not a map', () => {
    for (const doc of [[1, 2], 'ToolGateway', 42, null]) {
      expect(onlyProblem(doc)).toStrictEqual({
        severity: 'error',
        message: 'expected a Kubernetes object (a map with apiVersion and kind)',
      });
    }
  });
});

describe('parseIntentDocument | Namespace documents', () => {
  it('gives a Namespace its labels plus kubernetes.io/metadata.name', () => {
    const { result, problems } = parse(namespaceDoc('team-a', { tier: 'gold' }));
    expect(problems).toStrictEqual([]);
    expect(result).toStrictEqual({
      type: 'namespace',
      fact: { name: 'team-a', labels: { tier: 'gold', 'kubernetes.io/metadata.name': 'team-a' }, origin: { file: 'estate.yaml', line: 7 } },
    });
  });

  it('overrides a user-written kubernetes.io/metadata.name label, as the API server does', () => {
    const { result } = parse(namespaceDoc('team-a', { 'kubernetes.io/metadata.name': 'other' }));
    expect(result.type === 'namespace' && result.fact.labels).toStrictEqual({ 'kubernetes.io/metadata.name': 'team-a' });
  });

  it('rejects a Namespace name that is not a DNS-1123 label', () => {
    expect(onlyProblem(namespaceDoc('team.a'))).toStrictEqual({
      severity: 'error',
      object: { kind: 'Namespace', name: 'team.a' },
      field: 'metadata.name',
      message: `is not a valid name; allowed: ${DNS1123_LABEL}`,
    });
  });

  it('fails on a Namespace without a name', () => {
    expect(onlyProblem({ apiVersion: 'v1', kind: 'Namespace', metadata: {} })).toStrictEqual({
      severity: 'error',
      message: 'is required',
      object: { kind: 'Namespace', name: '?' },
      field: 'metadata.name',
    });
  });
});

describe('parseIntentDocument | origins', () => {
  it('points a problem at the line the locator finds for its field, else at the document', () => {
    const problems: Problem[] = [];
    const lines: Record<string, number> = { 'spec/port': 12, 'metadata/name': 3 };
    parseIntentDocument(
      cr('ToolServer', 'ns', '9bad', { image: 'x', port: 0, path: 'rel' }),
      { file: 'f.yaml', line: 1 },
      problems,
      (path) => lines[path.join('/')],
    );
    expect(problems.map((p) => [p.field, p.origin])).toStrictEqual([
      ['metadata.name', { file: 'f.yaml', line: 3 }],
      ['spec.port', { file: 'f.yaml', line: 12 }],
      ['spec.path', { file: 'f.yaml', line: 1 }],
    ]);
  });
});

describe('parseIntentDocument | ToolGatewayClass', () => {
  const cls = (name: string, spec: unknown, annotations?: Record<string, string>) => ({
    ...cr('ToolGatewayClass', undefined, name, spec),
    ...(annotations ? { metadata: { name, annotations } } : {}),
  });

  it('reads the controller and the default-class annotation ("true" only)', () => {
    const read = (doc: unknown) => {
      const { result, problems } = parse(doc);
      expect(problems).toStrictEqual([]);
      return result;
    };
    expect(read(cls('agentgateway', { controller: 'c' }, { 'toolgatewayclass.kubernetes.io/is-default-class': 'true' }))).toStrictEqual({
      type: 'toolGatewayClass',
      fact: { name: 'agentgateway', controller: 'c', isDefault: true, origin: { file: 'estate.yaml', line: 7 } },
    });
    expect(read(cls('x', { controller: 'c' }, { 'toolgatewayclass.kubernetes.io/is-default-class': 'True' }))).toMatchObject({
      fact: { isDefault: false },
    });
    expect(read(cls('x', { controller: 'c' }))).toMatchObject({ fact: { isDefault: false } });
  });

  it('rejects a class without a controller, with an unknown spec field, or with a bad name', () => {
    expect(onlyProblem(cls('x', undefined))).toStrictEqual({
      severity: 'error',
      object: { kind: 'ToolGatewayClass', name: 'x' },
      field: 'spec.controller',
      message: 'is required',
    });
    expect(onlyProblem(cls('x', { controller: 'c', contoller: 'd' }))).toStrictEqual({
      severity: 'error',
      object: { kind: 'ToolGatewayClass', name: 'x' },
      field: 'spec.contoller',
      message: 'unknown field (did you mean "controller"? unknown fields are never ignored)',
    });
    expect(onlyProblem(cls('X_Y', { controller: 'c' }))).toMatchObject({ field: 'metadata.name' });
  });

  it('warns about a namespace on the cluster-scoped class and reads it all the same', () => {
    const { result, problems } = parse(cr('ToolGatewayClass', 'team-a', 'x', { controller: 'c' }));
    expect(result.type).toBe('toolGatewayClass');
    expect(problems).toStrictEqual([
      {
        severity: 'warning',
        object: { kind: 'ToolGatewayClass', name: 'x' },
        field: 'metadata.namespace',
        message: 'is ignored: a ToolGatewayClass is cluster-scoped (remove the namespace)',
        origin: { file: 'estate.yaml', line: 7 },
      },
    ]);
  });
});

describe('parseIntentDocument | exported objects', () => {
  it('accepts the fields the API server sets and keeps none of them, nor the last-applied annotation', () => {
    const exported = {
      ...toolGateway('tool-gateway', 'tg'),
      metadata: {
        name: 'tg',
        namespace: 'tool-gateway',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"x"}', team: 'a' },
        labels: { team: 'x' },
        managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
        uid: '0c3a',
        resourceVersion: '42',
        creationTimestamp: '2026-01-01T00:00:00Z',
        generation: 3,
        selfLink: '/apis/x',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Thing', name: 'o', uid: '1' }],
      },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const { result, problems } = parse(exported);
    expect(problems).toStrictEqual([]);
    expect(result.type === 'intent' && result.object).toStrictEqual(
      expect.objectContaining({ labels: { team: 'x' }, annotations: { team: 'a' }, name: 'tg', namespace: 'tool-gateway' }),
    );
    expect(JSON.stringify(result)).not.toMatch(/last-applied|managedFields|resourceVersion|ownerReferences|Ready/);
  });
});
