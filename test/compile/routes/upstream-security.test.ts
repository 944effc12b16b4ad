import { describe, expect, it } from 'vitest';
import { compileRouteBackend } from '../../../src/compile/routes/route-backend.js';
import { resolveRoutes } from '../../../src/compile/resolve/resolve-routes.js';
import { applyUpstreamTls, hasUpstreamCredentials, upstreamTargetPolicies } from '../../../src/compile/routes/upstream-security.js';
import type { UpstreamEndpoint } from '../../../src/compile/resolve/upstream-endpoint.js';
import type { Problem } from '../../../src/contracts/problem.js';
import { validateManifests } from '../../../src/validate/validate-manifests.js';
import type { UpstreamSpec } from '../../../src/intent/tool-route-schema.js';
import { errorsOf, estateOf, routeToUrl, toolGateway, toolRoute, toolServer, type Doc } from '../../support/intent-fixtures.js';
import { compileDocs, findManifest, resolvedRoute } from '../../support/compile-fixtures.js';

const GW = toolGateway('tool-gateway', 'tg');

/** A route to `url`, with `tls` (when given) on its upstream. */
function urlRoute(url: string, tls?: Doc, extra: Doc = {}): Doc {
  return toolRoute('team-a', 'r', { upstream: { external: { url }, ...(tls ? { tls } : {}) }, ...extra });
}

type Decision = { scheme: 'http' | 'https'; port: number; host: string; sni?: string } | { error: string };

/** What the compiler decides for a URL (and tls block): scheme, port, host, or the error. */
function decide(url: string, tls?: Doc): Decision {
  const { estate, problems } = estateOf([GW, urlRoute(url, tls)]);
  if (errorsOf(problems).length > 0)
    return {
      error: errorsOf(problems)
        .map((p) => p.message)
        .join('; '),
    };
  const resolveProblems: Problem[] = [];
  const [r] = resolveRoutes(estate, {}, 'cluster.local', resolveProblems);
  if (!r) return { error: resolveProblems.map((p) => `${p.field}: ${p.message}`).join('; ') };
  const e = r.endpoint;
  return { scheme: e.tls ? 'https' : 'http', port: e.port, host: e.host, ...(e.sni ? { sni: e.sni } : {}) };
}

const NON_EMPTY_TLS = { caCertificateRef: { name: 'corp-ca' } };

describe('upstream URL and TLS | 12 URL cases as build-time decisions', () => {
  // Rows 1-5 are scheme-less URLs. kagent re-parsed them as "//host/path"; the upstream ToolRoute
  // CRD requires ^https?:// and so do we: the URL must say what it means, and the error shows how.
  it.each([
    [1, 'host/path', undefined],
    [2, 'host:1234/path', undefined],
    [3, 'host/path', {}],
    [4, 'host/path', NON_EMPTY_TLS],
    [5, 'host:1234/path', NON_EMPTY_TLS],
  ])('row %i: scheme-less %s (tls %j) is an error with a hint at the full URL (never guessed)', (_row, url, tls) => {
    const d = decide(url, tls);
    expect(d).toStrictEqual({
      error: `${JSON.stringify(url)} has no scheme; write the full URL, e.g. ${JSON.stringify(`https://${url}`)}`,
    });
  });

  it('row 6: http://host/path without tls → plain http on port 80', () => {
    expect(decide('http://host/path')).toStrictEqual({ scheme: 'http', port: 80, host: 'host' });
  });

  it('row 7: http://host:8080/path without tls → plain http on port 8080', () => {
    expect(decide('http://host:8080/path')).toStrictEqual({ scheme: 'http', port: 8080, host: 'host' });
  });

  it.each([{}, NON_EMPTY_TLS, { insecureSkipVerify: 'All' }])('row 8: http://host/path with tls %j is an error', (tls) => {
    expect(decide('http://host/path', tls)).toStrictEqual({
      error:
        'spec.upstream.tls: is set, but spec.upstream.external.url uses http://, which is plain text; write https:// to use TLS, or remove tls',
    });
  });

  it.each(['HTTP://host/path', 'Http://host:8080/path', 'hTtP://host/path'])(
    'row 8, any case: %s with tls is an error too (kagent used a case-sensitive prefix check)',
    (url) => {
      expect(decide(url, {})).toHaveProperty('error', expect.stringContaining('uses http://'));
    },
  );

  it('row 9: https://host/path without tls → TLS on 443 with SNI from the host', () => {
    expect(decide('https://host/path')).toStrictEqual({ scheme: 'https', port: 443, host: 'host', sni: 'host' });
  });

  it('row 10: https://host/path with tls {} → TLS on 443, system trust', () => {
    expect(decide('https://host/path', {})).toStrictEqual({ scheme: 'https', port: 443, host: 'host', sni: 'host' });
  });

  it('row 11: https://host/path with a non-empty tls → TLS on 443', () => {
    expect(decide('https://host/path', NON_EMPTY_TLS)).toStrictEqual({ scheme: 'https', port: 443, host: 'host', sni: 'host' });
  });

  it.each([undefined, {}, NON_EMPTY_TLS])('row 12: https://host:8443/path (tls %j) → the explicit port wins over TLS inference', (tls) => {
    expect(decide('https://host:8443/path', tls)).toMatchObject({ scheme: 'https', port: 8443 });
  });

  it('extra rows: IPv6 literal → TLS on 443 without SNI; uppercase HTTPS is https', () => {
    expect(decide('https://[2001:db8::1]/v1')).toStrictEqual({ scheme: 'https', port: 443, host: '2001:db8::1' });
    expect(decide('HTTPS://host/path', {})).toMatchObject({ scheme: 'https', port: 443 });
  });

  it('extra rows: query string, ftp, "://", empty and a non-numeric port are errors, never passed through', () => {
    // kagent kept the query (https://h/v1?token=x); an MCP target cannot carry one, and tokens belong in a Secret.
    expect(decide('https://h/v1?token=x')).toHaveProperty('error', expect.stringContaining('has a query string'));
    expect(decide('ftp://example.com/x')).toHaveProperty('error', expect.stringContaining('uses scheme "ftp"; allowed: http, https'));
    expect(decide('://')).toHaveProperty('error');
    expect(decide('')).toHaveProperty('error');
    expect(decide('https://host:notaport/mcp')).toHaveProperty('error', expect.stringContaining('is not a valid URL'));
  });

  it('a user SNI replaces the host; an IP literal gets one only when asked', () => {
    expect(decide('https://10.0.0.7:8443/mcp', { sni: 'mcp.internal' })).toStrictEqual({
      scheme: 'https',
      port: 8443,
      host: '10.0.0.7',
      sni: 'mcp.internal',
    });
    expect(decide('https://10.0.0.7:8443/mcp', {})).toStrictEqual({ scheme: 'https', port: 8443, host: '10.0.0.7' });
  });
});

describe('applyUpstreamTls |', () => {
  const plain: UpstreamEndpoint = {
    host: 'srv.team-a.svc.cluster.local',
    port: 8443,
    path: '/mcp',
    protocol: 'StreamableHTTP',
    tls: false,
  };

  it('leaves an endpoint alone without a tls block', () => {
    expect(applyUpstreamTls(plain, { toolServerRef: { name: 'srv' } })).toStrictEqual({ endpoint: plain });
  });

  it('turns TLS on for a ToolServer, with its Service DNS name as SNI (any tls block, even {}, means TLS)', () => {
    expect(applyUpstreamTls(plain, { toolServerRef: { name: 'srv' }, tls: {} })).toStrictEqual({
      endpoint: { ...plain, tls: true, sni: 'srv.team-a.svc.cluster.local' },
    });
    expect(applyUpstreamTls(plain, { toolServerRef: { name: 'srv' }, tls: { insecureSkipVerify: 'Hostname' } })).toMatchObject({
      endpoint: { tls: true },
    });
  });
});

describe('upstreamTargetPolicies |', () => {
  const https: UpstreamEndpoint = {
    host: 'mcp.example.com',
    port: 443,
    path: '/mcp',
    protocol: 'StreamableHTTP',
    tls: true,
    sni: 'mcp.example.com',
  };
  const external: UpstreamSpec = { external: { url: 'https://mcp.example.com/mcp' } };

  it('is undefined for plain text without credentials', () => {
    expect(upstreamTargetPolicies({ ...https, tls: false, sni: undefined }, external)).toBeUndefined();
  });

  it('maps every tls field onto agentgateway names (caCertificateRefs, mtlsCertificateRef, insecureSkipVerify, sni)', () => {
    const policies = upstreamTargetPolicies(https, {
      ...external,
      tls: { caCertificateRef: { name: 'ca' }, clientCertificateRef: { name: 'client' }, insecureSkipVerify: 'Hostname' },
    });
    expect(JSON.parse(JSON.stringify(policies))).toStrictEqual({
      tls: {
        sni: 'mcp.example.com',
        caCertificateRefs: [{ name: 'ca' }],
        mtlsCertificateRef: [{ name: 'client' }],
        insecureSkipVerify: 'Hostname',
      },
    });
  });

  it('references the Secret for auth: default key and header unless given, never an inline key', () => {
    expect(upstreamTargetPolicies(https, { ...external, auth: { secretRef: { name: 'tok' } } })).toStrictEqual({
      tls: { sni: 'mcp.example.com' },
      auth: { secretRef: { name: 'tok' } },
    });
    expect(
      upstreamTargetPolicies(https, {
        ...external,
        auth: { secretRef: { name: 'tok', key: 'token' }, header: { name: 'X-Api-Key', prefix: 'Key ' } },
      })?.auth,
    ).toStrictEqual({
      secretRef: { name: 'tok', key: 'token' },
      location: { header: { name: 'X-Api-Key', prefix: 'Key ' } },
    });
  });

  it('counts a token or a client certificate as upstream credentials', () => {
    expect(hasUpstreamCredentials(external)).toBe(false);
    expect(hasUpstreamCredentials({ ...external, tls: { caCertificateRef: { name: 'ca' } } })).toBe(false);
    expect(hasUpstreamCredentials({ ...external, tls: { clientCertificateRef: { name: 'c' } } })).toBe(true);
    expect(hasUpstreamCredentials({ ...external, auth: { secretRef: { name: 't' } } })).toBe(true);
  });
});

describe('the route backend with TLS and auth', () => {
  it('a ToolServer route with a credential and TLS carries both on the one MCP target (kagent dropped the credential)', () => {
    const route = toolRoute('team-a', 'ledger', {
      upstream: {
        toolServerRef: { name: 'ledger' },
        tls: { caCertificateRef: { name: 'internal-ca' } },
        auth: { secretRef: { name: 'ledger-api', key: 'token' }, header: { name: 'X-Api-Key' } },
      },
    });
    const m = compileRouteBackend(resolvedRoute([GW, toolServer('team-a', 'ledger', { port: 8443 }), route], 'team-a', 'ledger'));
    expect(JSON.parse(JSON.stringify(m.spec))).toStrictEqual({
      mcp: {
        failureMode: 'FailOpen',
        targets: [
          {
            name: 'mcp-target',
            static: {
              host: 'ledger.team-a.svc.cluster.local',
              port: 8443,
              path: '/mcp',
              protocol: 'StreamableHTTP',
              policies: {
                tls: { sni: 'ledger.team-a.svc.cluster.local', caCertificateRefs: [{ name: 'internal-ca' }] },
                auth: { secretRef: { name: 'ledger-api', key: 'token' }, location: { header: { name: 'X-Api-Key' } } },
              },
            },
          },
        ],
      },
    });
  });

  it('a CA file path cannot go wrong: the CA is a ConfigMap reference agentgateway reads itself (key ca.crt), not a path', () => {
    const m = compileRouteBackend(resolvedRoute([GW, urlRoute('https://mcp.example.com/mcp', NON_EMPTY_TLS)], 'team-a', 'r'));
    const tls = (m.spec as any).mcp.targets[0].static.policies.tls;
    expect(tls.caCertificateRefs).toStrictEqual([{ name: 'corp-ca' }]);
    expect(JSON.stringify(m)).not.toMatch(/\/etc\/|ca\.crt|mountPath/);
  });

  it('a CA in the wrong namespace cannot happen: the backend, and so the CA reference, lives in the route namespace even for a ToolServer elsewhere', () => {
    const server = toolServer('servers', 's', { port: 8443, allowedNamespaces: { from: 'All' } });
    const route = toolRoute('team-a', 'r', { upstream: { toolServerRef: { name: 's', namespace: 'servers' }, tls: NON_EMPTY_TLS } });
    const { objects, problems } = compileDocs([GW, server, route]);
    expect(errorsOf(problems)).toStrictEqual([]);
    const backend = findManifest(
      objects.map((o) => o.manifest),
      'AgentgatewayBackend',
      'team-a',
      'tg-r',
    );
    expect((backend.spec as any).mcp.targets[0].static.host).toBe('s.servers.svc.cluster.local');
  });

  it('an https URL without a tls block keeps today’s output: tls with SNI only', () => {
    const m = compileRouteBackend(resolvedRoute([GW, routeToUrl('team-a', 'r', 'https://mcp.example.com/mcp')], 'team-a', 'r'));
    expect((m.spec as any).mcp.targets[0].static.policies).toStrictEqual({ tls: { sni: 'mcp.example.com' } });
  });

  it('an http URL with a credential sends it without TLS (allowed outside production mode)', () => {
    const m = compileRouteBackend(
      resolvedRoute(
        [
          GW,
          routeToUrl('team-a', 'r', 'http://mcp.internal:3000/mcp', {
            upstream: { external: { url: 'http://mcp.internal:3000/mcp' }, auth: { secretRef: { name: 't' } } },
          }),
        ],
        'team-a',
        'r',
      ),
    );
    expect((m.spec as any).mcp.targets[0].static.policies).toStrictEqual({ auth: { secretRef: { name: 't' } } });
  });

  it('every TLS and auth field passes the validation gate (schema and CRD CEL rules); the gate alone would catch All + CA', () => {
    const full = toolRoute('team-a', 'r', {
      upstream: {
        external: { url: 'https://10.0.0.7:8443/mcp' },
        tls: {
          caCertificateRef: { name: 'ca' },
          clientCertificateRef: { name: 'client' },
          insecureSkipVerify: 'Hostname',
          sni: 'mcp.internal',
        },
        auth: { secretRef: { name: 'tok', key: 'token' }, header: { name: 'X-Api-Key', prefix: 'Key ' } },
      },
    });
    const backend = compileRouteBackend(resolvedRoute([GW, full], 'team-a', 'r'));
    expect(validateManifests([{ manifest: backend, provenance: undefined }])).toStrictEqual([]);
    const target = (backend.spec as any).mcp.targets[0];
    const broken = {
      ...backend,
      spec: {
        mcp: {
          ...(backend.spec as any).mcp,
          targets: [
            { ...target, static: { ...target.static, policies: { tls: { ...target.static.policies.tls, insecureSkipVerify: 'All' } } } },
          ],
        },
      },
    };
    const messages = validateManifests([{ manifest: broken, provenance: undefined }]).map((p) => p.message);
    expect(messages.some((m) => m.includes('insecureSkipVerify All and caCertificateRefs may not be set together'))).toBe(true);
  });
});
