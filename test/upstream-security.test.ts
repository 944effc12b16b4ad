import { readdirSync, readFileSync } from 'node:fs';
import { Chart } from 'cdk8s';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { buildOutput } from '../src/app/build-output.js';
import { ToolGatewayApp } from '../src/app/tool-gateway-app.js';
import { ClientAuthentication } from '../src/constructs/client-authentication.js';
import { ToolFilter } from '../src/constructs/tool-filter.js';
import { ToolGateway } from '../src/constructs/tool-gateway.js';
import { ToolRoute } from '../src/constructs/tool-route.js';
import { ToolServer } from '../src/constructs/tool-server.js';
import { Upstream } from '../src/constructs/upstream.js';
import { BackendAuth, UpstreamTls } from '../src/constructs/upstream-security.js';
import { TEST_RUNTIME_ASSETS } from './support/runtime-assets.js';
import { estateOf } from './support/intent-fixtures.js';
import { objectsOf, synthYamlInput } from './support/synth-files.js';

const EXAMPLE = 'examples/external-mtls';

/** examples/external-mtls, written with the constructs. */
function externalMtls(app: ToolGatewayApp): void {
  const platform = new Chart(app, 'platform', { namespace: 'tool-gateway' });
  const agents = new ToolGateway(platform, 'agents', {
    authentication: ClientAuthentication.jwt({
      issuer: 'https://idp.example.com/realms/agents',
      audiences: ['tool-gateway'],
      jwksUri: 'https://idp.example.com/realms/agents/protocol/openid-connect/certs',
    }),
  });
  const teamA = new Chart(app, 'team-a', { namespace: 'team-a' });
  new ToolRoute(teamA, 'partner-docs', {
    gateway: agents,
    upstream: Upstream.external('https://mcp.partner.example.com/mcp', {
      tls: UpstreamTls.ca('partner-ca').clientCertificate('partner-client-tls'),
      auth: BackendAuth.bearerFromSecret('partner-mcp-token'),
    }),
    toolFilter: ToolFilter.allow('search_documents', 'get_document'),
    productionMode: true,
  });
  const ledger = new ToolServer(teamA, 'ledger', {
    image: 'ghcr.io/example/ledger-mcp:2.3.0',
    port: 8443,
    env: [
      { name: 'TLS_CERT_PEM', valueFrom: { secretKeyRef: { name: 'ledger-serving-tls', key: 'tls.crt' } } },
      { name: 'TLS_KEY_PEM', valueFrom: { secretKeyRef: { name: 'ledger-serving-tls', key: 'tls.key' } } },
      { name: 'LEDGER_API_KEYS', valueFrom: { secretKeyRef: { name: 'ledger-api', key: 'token' } } },
    ],
  });
  new ToolRoute(teamA, 'ledger-route', {
    name: 'ledger',
    gateway: agents,
    upstream: Upstream.toolServer(ledger, {
      tls: UpstreamTls.ca('internal-ca'),
      auth: BackendAuth.bearerFromSecret('ledger-api', { key: 'token', header: 'X-Api-Key' }),
    }),
    toolFilter: ToolFilter.allow('get_balance', 'list_transactions'),
    productionMode: true,
  });
}

function tsBuild(define: (app: ToolGatewayApp) => void, props: ConstructorParameters<typeof ToolGatewayApp>[0] = {}) {
  const app = new ToolGatewayApp({ outdir: '/nonexistent', ...props });
  define(app);
  return app.build();
}

/** Secret values as they would sit in the cluster; they exist nowhere in the intent. */
const SENTINELS = [
  'sk-live-7f3a9c2e4b1d',
  'ghp_Q9sentinelTokenValue000000000000000',
  '-----BEGIN PRIVATE KEY-----',
  '-----BEGIN CERTIFICATE-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
  Buffer.from('sk-live-7f3a9c2e4b1d').toString('base64'),
];

/** Every auth block in a manifest, wherever it sits. */
function authBlocks(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) value.forEach((v) => authBlocks(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'auth' && v && typeof v === 'object') out.push(v as Record<string, unknown>);
      authBlocks(v, out);
    }
  }
  return out;
}

/** The no-secret-values contract of the output: references only, never values. */
function expectNoSecretMaterial(files: Map<string, string>, inputText: string): void {
  for (const s of SENTINELS) expect(inputText).not.toContain(s);
  for (const [path, text] of files) {
    for (const s of SENTINELS) expect(text, path).not.toContain(s);
    const o = parse(text, { version: '1.1' });
    expect(o.kind, path).not.toBe('Secret');
    for (const auth of authBlocks(o)) {
      expect(Object.keys(auth).sort(), path).toSatisfy((keys: string[]) => keys.every((k) => k === 'secretRef' || k === 'location'));
      expect(auth, path).not.toHaveProperty('key');
    }
  }
}

describe('examples/external-mtls |', () => {
  test('synthesizes and passes the validation gate', () => {
    expect(synthYamlInput(EXAMPLE).size).toBeGreaterThan(0);
  });

  test('holds the TLS, mTLS, auth and JWT objects and fields', () => {
    const o = objectsOf(synthYamlInput(EXAMPLE));
    const partner = o['AgentgatewayBackend team-a/agents-partner-docs'].spec.mcp.targets[0].static;
    expect(partner).toStrictEqual({
      host: 'mcp.partner.example.com',
      port: 443,
      path: '/mcp',
      protocol: 'StreamableHTTP',
      policies: {
        tls: {
          caCertificateRefs: [{ name: 'partner-ca' }],
          mtlsCertificateRef: [{ name: 'partner-client-tls' }],
          sni: 'mcp.partner.example.com',
        },
        auth: { secretRef: { name: 'partner-mcp-token' } },
      },
    });
    const ledger = o['AgentgatewayBackend team-a/agents-ledger'].spec.mcp.targets[0].static;
    expect(ledger.policies).toStrictEqual({
      tls: { caCertificateRefs: [{ name: 'internal-ca' }], sni: 'ledger.team-a.svc.cluster.local' },
      auth: { secretRef: { name: 'ledger-api', key: 'token' }, location: { header: { name: 'X-Api-Key' } } },
    });
    expect(o['AgentgatewayPolicy tool-gateway/agents-jwt'].spec).toStrictEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'agents' }],
      traffic: {
        jwtAuthentication: {
          mcp: {},
          mode: 'Strict',
          providers: [
            {
              issuer: 'https://idp.example.com/realms/agents',
              audiences: ['tool-gateway'],
              jwks: {
                remote: {
                  backendRef: { group: 'agentgateway.dev', kind: 'AgentgatewayBackend', name: 'agents-jwks' },
                  jwksPath: 'realms/agents/protocol/openid-connect/certs',
                },
              },
            },
          ],
        },
      },
    });
    expect(o['AgentgatewayBackend tool-gateway/agents-jwks'].spec).toStrictEqual({
      static: { host: 'idp.example.com', port: 443 },
      policies: { tls: { sni: 'idp.example.com' } },
    });
    expect(
      o['AgentgatewayPolicy team-a/agents-partner-docs-toolfilter'].spec.backend.mcp.authorization.policy.matchExpressions,
    ).toStrictEqual(['mcp.tool.name == "search_documents" || mcp.tool.name == "get_document"']);
  });

  test('contains no secret values, no Secret objects and no inline credentials', () => {
    const input = readdirSync(EXAMPLE)
      .map((f) => readFileSync(`${EXAMPLE}/${f}`, 'utf8'))
      .join('\n');
    expectNoSecretMaterial(synthYamlInput(EXAMPLE), input);
  });

  test('is production-ready: it also builds with the app-wide production mode on', () => {
    expect(synthYamlInput(EXAMPLE, { productionMode: true }).size).toBeGreaterThan(0);
  });

  test('the same estate written in TypeScript gives byte-identical files', () => {
    const fromYaml = synthYamlInput(EXAMPLE);
    const result = tsBuild(externalMtls);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const fromTs = result.files!;
    expect([...fromTs.keys()].sort()).toEqual([...fromYaml.keys()].sort());
    for (const [path, text] of fromYaml) expect(fromTs.get(path), path).toBe(text);
  });
});

describe('secret values never reach the output |', () => {
  test('property: routes with random TLS and auth references emit references only', () => {
    // A label with "--" at positions 3-4 (`xn--…`) is an IDNA A-label, which URL parsing decodes
    // and may refuse; route names become host names below, so leave those out.
    const dnsName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/).filter((n) => n.slice(2, 4) !== '--');
    const header = fc.constantFrom('Authorization', 'X-Api-Key', 'X-Partner-Token');
    const routeDoc = fc.record({
      name: dnsName,
      secret: dnsName,
      key: fc.option(fc.constantFrom('token', 'api_key', 'Authorization'), { nil: undefined }),
      header: fc.option(header, { nil: undefined }),
      ca: fc.option(dnsName, { nil: undefined }),
      client: fc.option(dnsName, { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(routeDoc, { selector: (r) => r.name, minLength: 1, maxLength: 4 }), (routes) => {
        const docs: unknown[] = [
          { apiVersion: 'runtime.agentic-layer.ai/v1alpha1', kind: 'ToolGateway', metadata: { name: 'tg', namespace: 'tool-gateway' } },
          ...routes.map((r) => ({
            apiVersion: 'runtime.agentic-layer.ai/v1alpha1',
            kind: 'ToolRoute',
            metadata: { name: r.name, namespace: 'team-a' },
            spec: {
              upstream: {
                external: { url: `https://${r.name}.example.com/mcp` },
                tls: {
                  ...(r.ca ? { caCertificateRef: { name: r.ca } } : {}),
                  ...(r.client ? { clientCertificateRef: { name: r.client } } : {}),
                },
                auth: {
                  secretRef: { name: r.secret, ...(r.key ? { key: r.key } : {}) },
                  ...(r.header ? { header: { name: r.header } } : {}),
                },
              },
            },
          })),
        ];
        const { estate, problems } = estateOf(docs);
        // The reconciler bundle and the CRDs are the same bytes for every estate: a stand-in and
        // --no-crds keep each run to what the random routes change.
        const result = buildOutput({
          estate,
          inputProblems: problems,
          options: { reconciler: { crds: false } },
          runtimeAssets: TEST_RUNTIME_ASSETS,
        });
        expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expectNoSecretMaterial(result.files!, stringify(docs));
        for (const r of routes) {
          const backend = parse(result.files!.get(`team-a/agentgatewaybackend-tg-${r.name}.yaml`)!, { version: '1.1' });
          expect(backend.spec.mcp.targets[0].static.policies.auth.secretRef.name).toBe(r.secret);
        }
      }),
      { numRuns: 40 },
    );
  });
});

// How the constructs render these options and report their mistakes: test/constructs.
describe('the TypeScript front door |', () => {
  test('the app-wide productionMode refuses an insecure route, with the construct path; the route can opt out', () => {
    const define = (optOut: boolean) => (app: ToolGatewayApp) => {
      const gateway = new ToolGateway(new Chart(app, 'platform', { namespace: 'tool-gateway' }), 'shared');
      new ToolRoute(new Chart(app, 'team-a', { namespace: 'team-a' }), 'legacy', {
        gateway,
        upstream: Upstream.external('http://legacy.example.com/mcp'),
        ...(optOut ? { productionMode: false } : {}),
      });
    };
    const refused = tsBuild(define(false), { productionMode: true });
    expect(refused.files).toBeUndefined();
    const lines = refused.problems.map((p) => `${p.origin?.constructPath}: ${p.field}`);
    expect(lines).toStrictEqual([
      'team-a/legacy: spec.upstream.external.url',
      'team-a/legacy: spec.upstream.auth',
      'team-a/legacy: spec.toolGatewayRef',
      'team-a/legacy: spec.toolFilter.allow',
    ]);
    expect(tsBuild(define(true), { productionMode: true }).files).toBeDefined();
    expect(tsBuild(define(false)).files).toBeDefined();
  });
});
