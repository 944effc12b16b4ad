import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPinnedPattern, PINNED_PREFIX, productionModeOf, productionModeProblems } from '../../../src/compile/routes/production-mode.js';
import { resolveRoutes } from '../../../src/compile/resolve/resolve-routes.js';
import type { Problem } from '../../../src/contracts/problem.js';
import { toolGateway, toolRoute, toolServer, validEstate, type Doc } from '../../support/intent-fixtures.js';
import { resolvedRoute } from '../../support/compile-fixtures.js';
import { globMatches } from '../../support/glob-matcher.js';

const JWT = { jwt: { issuer: 'https://idp.example.com', audiences: ['tool-gateway'], jwks: { uri: 'https://idp.example.com/jwks' } } };
const SECURE_GW = toolGateway('tool-gateway', 'tg', { authentication: JWT });
const OPEN_GW = toolGateway('tool-gateway', 'tg');

/** A production-ready route; `patch` replaces top-level spec fields, `upstream` upstream fields. */
function route(patch: Doc = {}, upstream: Doc = {}): Doc {
  return toolRoute('team-a', 'r', {
    upstream: { external: { url: 'https://mcp.example.com/mcp' }, auth: { secretRef: { name: 'token' } }, ...upstream },
    toolFilter: { allow: ['search_documents', 'get_document'] },
    productionMode: true,
    ...patch,
  });
}

/** `field: message` of the production-mode problems of route team-a/r. */
function check(docs: Doc[], appDefault = false): string[] {
  return productionModeProblems(resolvedRoute(docs, 'team-a', 'r'), appDefault).map((p) => `${p.field}: ${p.message}`);
}

const PIN = 'pin the allowed tools explicitly so an upstream change cannot widen the exposed tool surface';

// kars's McpServer in production mode requires an https URL and a token issuer (a CEL rule of its CRD),
// and its router exposes nothing for an empty allowedTools and everything for "*". We make these calls
// at build time, on the route and the gateway it attaches to.
describe('productionModeProblems | the production checks of kars, made at build time', () => {
  it('accepts https + credentials + a gateway with JWT + a pinned allow-list', () => {
    expect(check([SECURE_GW, route()])).toStrictEqual([]);
  });

  it('is off by default: {url: http://mcp.internal:3000} without production mode → ok', () => {
    expect(check([OPEN_GW, toolRoute('team-a', 'r', { upstream: { external: { url: 'http://mcp.internal:3000/mcp' } } })])).toStrictEqual(
      [],
    );
  });

  it('refuses an http:// upstream, saying to use https', () => {
    expect(check([SECURE_GW, route({}, { external: { url: 'http://mcp.example.com/mcp' } })])).toStrictEqual([
      'spec.upstream.external.url: production mode requires TLS to the upstream, but the url uses http://; use https://',
    ]);
  });

  it('refuses a ToolServer reached in plain text, and accepts it with a tls block', () => {
    const server = toolServer('team-a', 'ledger', { port: 8443 });
    const plain = route({}, { external: undefined, toolServerRef: { name: 'ledger' } });
    expect(check([SECURE_GW, server, plain])).toStrictEqual([
      'spec.upstream.tls: production mode requires TLS to the upstream, but ToolServer team-a/ledger is reached in plain text; set spec.upstream.tls (the server must serve TLS)',
    ]);
    const tls = route({}, { external: undefined, toolServerRef: { name: 'ledger' }, tls: { caCertificateRef: { name: 'internal-ca' } } });
    expect(check([SECURE_GW, server, tls])).toStrictEqual([]);
  });

  it('refuses TLS without verification (insecureSkipVerify: All) and without the name check (Hostname)', () => {
    expect(check([SECURE_GW, route({}, { tls: { insecureSkipVerify: 'All' } })])).toStrictEqual([
      'spec.upstream.tls.insecureSkipVerify: production mode refuses "All": without certificate verification anyone on the path can impersonate the upstream; trust its CA with caCertificateRef instead',
    ]);
    expect(check([SECURE_GW, route({}, { tls: { insecureSkipVerify: 'Hostname' } })])).toStrictEqual([
      'spec.upstream.tls.insecureSkipVerify: production mode refuses "Hostname": without the name check any certificate the CA ever issued, for any host, impersonates the upstream; remove it and set spec.upstream.tls.sni to the name on the certificate',
    ]);
  });

  it('refuses insecureSkipVerify: Hostname on a ToolServer upstream too', () => {
    const server = toolServer('team-a', 'ledger', { port: 8443 });
    const r = route({}, { external: undefined, toolServerRef: { name: 'ledger' }, tls: { insecureSkipVerify: 'Hostname' } });
    expect(check([SECURE_GW, server, r]).map((l) => l.split(':')[0])).toStrictEqual(['spec.upstream.tls.insecureSkipVerify']);
  });

  it.each(['https://10.1.2.3/mcp', 'https://[2001:db8::7]:8443/mcp'])(
    'refuses the IP host of %s without a pinned CA, and accepts it with one',
    (url) => {
      const lines = check([SECURE_GW, route({}, { external: { url } })]);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^spec\.upstream\.external\.url: production mode refuses the IP address host ".+" without a pinned CA: .*caCertificateRef/,
      );
      expect(check([SECURE_GW, route({}, { external: { url }, tls: { caCertificateRef: { name: 'partner-ca' } } })])).toStrictEqual([]);
    },
  );

  it('refuses allowPrivileged, which outside production mode lets a route reach a privileged address', () => {
    const upstream = { external: { url: 'https://127.0.0.1:9443/mcp' }, allowPrivileged: true, privilegedReason: 'local harness' };
    expect(check([SECURE_GW, route({}, { ...upstream, tls: { caCertificateRef: { name: 'ca' } } })])).toStrictEqual([
      'spec.upstream.allowPrivileged: production mode refuses a privileged upstream address (loopback, link-local, cloud metadata); point the route at a routable address or DNS name',
    ]);
    expect(check([SECURE_GW, route({ productionMode: false }, upstream)])).toStrictEqual([]);
  });

  it('refuses an upstream without credentials, and accepts a client certificate instead of a token', () => {
    expect(check([SECURE_GW, route({}, { auth: undefined })])).toStrictEqual([
      'spec.upstream.auth: production mode requires upstream credentials; set spec.upstream.auth (a token from a Secret, or passthrough: {} to forward the caller token) or spec.upstream.tls.clientCertificateRef (a client certificate)',
    ]);
    expect(check([SECURE_GW, route({}, { auth: undefined, tls: { clientCertificateRef: { name: 'client-tls' } } })])).toStrictEqual([]);
  });

  it('refuses a gateway without client authentication, naming it', () => {
    expect(check([OPEN_GW, route()])).toStrictEqual([
      'spec.toolGatewayRef: production mode requires client authentication on the gateway, but ToolGateway tool-gateway/tg has none; set its spec.authentication.jwt so only clients with a valid token reach this route',
    ]);
  });

  it('refuses a gateway owned elsewhere, whose authentication cannot be checked', () => {
    const problems: Problem[] = [];
    const estate = validEstate([route({ toolGatewayRef: { name: 'shared', namespace: 'platform' } })]);
    const [r] = resolveRoutes(estate, { gateways: [{ name: 'shared', namespace: 'platform' }] }, 'cluster.local', problems);
    expect(productionModeProblems(r!, false).map((p) => p.message)).toStrictEqual([
      'production mode requires client authentication on the gateway, but ToolGateway platform/shared is imported by name, so its authentication cannot be checked here; import its document instead (annotated cdk8s-tool-gateway/imported: "true"), whose spec.authentication decides, or define it in this input with spec.authentication.jwt',
    ]);
  });

  it('refuses an empty allow-list: kars exposes nothing for [] (fail-closed); we refuse to build it', () => {
    expect(check([SECURE_GW, route({ toolFilter: undefined })])).toStrictEqual([
      `spec.toolFilter.allow: production mode requires an allow-list, but it is empty, so every tool of the upstream is exposed; ${PIN}`,
    ]);
    expect(check([SECURE_GW, route({ toolFilter: { deny: ['*delete*'] } })])).toStrictEqual([
      `spec.toolFilter.allow: production mode requires an allow-list, but it is empty, so every tool of the upstream is exposed; ${PIN}`,
    ]);
  });

  it.each(['*', '**', '?*', '*?', '*?*', '*a*', 'ge*', '?et_issue'])(
    'refuses %j in the allow-list: it does not pin the tools it admits',
    (pattern) => {
      expect(check([SECURE_GW, route({ toolFilter: { allow: ['get_document', pattern] } })])).toStrictEqual([
        `spec.toolFilter.allow[1]: production mode refuses ${JSON.stringify(pattern)}, which does not pin the tools it admits (a pattern must be an exact name or start with at least 3 literal characters, such as "get_*"); ${PIN}`,
      ]);
    },
  );

  it('accepts exact names and globs with a literal part (kars: exact-name subset)', () => {
    expect(check([SECURE_GW, route({ toolFilter: { allow: ['get_*', 'search_documents'], deny: ['*'] } })])).toStrictEqual([]);
  });

  it('reports every broken rule on its own line', () => {
    const worst = toolRoute('team-a', 'r', { upstream: { external: { url: 'http://mcp.example.com/mcp' } }, productionMode: true });
    expect(check([OPEN_GW, worst]).map((line) => line.split(':')[0])).toStrictEqual([
      'spec.upstream.external.url',
      'spec.upstream.auth',
      'spec.toolGatewayRef',
      'spec.toolFilter.allow',
    ]);
  });
});

describe('production mode: app-wide default and per-route override |', () => {
  const insecure = (patch: Doc = {}) =>
    toolRoute('team-a', 'r', { upstream: { external: { url: 'http://mcp.example.com/mcp' } }, ...patch });

  it('the app default applies to a route that does not say, and the message says where it came from', () => {
    const lines = check([OPEN_GW, insecure()], true);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      'spec.upstream.external.url: production mode (the app-wide default; set spec.productionMode: false to opt this route out) requires TLS to the upstream, but the url uses http://; use https://',
    );
  });

  it('productionMode: false on the route overrides the app default', () => {
    expect(check([OPEN_GW, insecure({ productionMode: false })], true)).toStrictEqual([]);
  });

  it('productionMode: true on the route applies without the app default', () => {
    expect(check([OPEN_GW, insecure({ productionMode: true })], false)).toHaveLength(4);
  });

  it('productionModeOf follows the route, then the app', () => {
    const r = (mode?: boolean) => resolvedRoute([OPEN_GW, insecure(mode === undefined ? {} : { productionMode: mode })], 'team-a', 'r');
    expect([
      productionModeOf(r(), false),
      productionModeOf(r(), true),
      productionModeOf(r(false), true),
      productionModeOf(r(true), false),
    ]).toStrictEqual([false, true, false, true]);
  });
});

describe('isPinnedPattern |', () => {
  it('pins exact names and patterns with at least 3 literal characters before the first wildcard', () => {
    expect(['get_*', 'get_issue', 'abc?', 'x', 'search_*_v2'].map(isPinnedPattern)).toStrictEqual([true, true, true, true, true]);
    expect(['', '*', '?*', '*a*', 'a*', 'ab*', '*get_issue', 'a?c'].map(isPinnedPattern)).toStrictEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('property: a pinned pattern only admits names that start with its literal prefix (an oracle by glob matching)', () => {
    const unit = fc.constantFrom('*', '?', 'a', 'b', '_');
    const pattern = fc.string({ minLength: 1, maxLength: 8, unit });
    const name = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', 'b', '_', 'c') });
    fc.assert(
      fc.property(pattern, name, (p, n) => {
        const prefix = p.split(/[*?]/)[0] ?? '';
        if (isPinnedPattern(p) && globMatches(p, n)) {
          expect(n.startsWith(prefix)).toBe(true);
          expect(prefix.length >= PINNED_PREFIX || prefix === p).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
