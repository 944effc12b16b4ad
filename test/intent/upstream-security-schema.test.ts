import { describe, expect, it } from 'vitest';
import { errorsOf, estateOf, intentOf, routeToServer, routeToUrl, type Doc } from '../support/intent-fixtures.js';

const URL = 'https://mcp.example.com/mcp';

/** `field: message` of every error for a route with the given upstream extras. */
function upstreamErrors(extra: Doc): string[] {
  const route = routeToUrl('team-a', 'r', URL);
  const spec = route.spec as Doc;
  spec.upstream = { ...(spec.upstream as Doc), ...extra };
  return errorsOf(estateOf([route]).problems).map((p) => `${p.field}: ${p.message}`);
}

describe('ToolRoute spec.upstream.tls |', () => {
  it('accepts an empty block (TLS with system trust) and every documented field', () => {
    expect(upstreamErrors({ tls: {} })).toStrictEqual([]);
    expect(
      upstreamErrors({
        tls: {
          caCertificateRef: { name: 'partner-ca' },
          clientCertificateRef: { name: 'client.tls' },
          insecureSkipVerify: 'Hostname',
          sni: 'mcp.internal.example.com',
        },
      }),
    ).toStrictEqual([]);
  });

  it('keeps the block on the intent, on ToolServer routes as on external ones', () => {
    const route = intentOf('ToolRoute', routeToServer('team-a', 'r', 's', {}));
    expect(route.spec.upstream.tls).toBeUndefined();
    const withTls = routeToServer('team-a', 'r', 's');
    (withTls.spec as Doc).upstream = { toolServerRef: { name: 's' }, tls: { caCertificateRef: { name: 'internal-ca' } } };
    expect(intentOf('ToolRoute', withTls).spec.upstream.tls).toStrictEqual({ caCertificateRef: { name: 'internal-ca' } });
  });

  it('rejects insecureSkipVerify All together with a CA, saying why (agentgateway CEL rule)', () => {
    expect(upstreamErrors({ tls: { caCertificateRef: { name: 'ca' }, insecureSkipVerify: 'All' } })).toStrictEqual([
      'spec.upstream.tls.insecureSkipVerify: "All" turns certificate verification off, so caCertificateRef would never be used; use "Hostname" to keep checking the chain against the CA, or remove caCertificateRef',
    ]);
  });

  it('accepts insecureSkipVerify All alone, and Hostname with a CA', () => {
    expect(upstreamErrors({ tls: { insecureSkipVerify: 'All' } })).toStrictEqual([]);
    expect(upstreamErrors({ tls: { caCertificateRef: { name: 'ca' }, insecureSkipVerify: 'Hostname' } })).toStrictEqual([]);
  });

  it('rejects an unknown insecureSkipVerify value, naming the allowed ones', () => {
    expect(upstreamErrors({ tls: { insecureSkipVerify: 'true' } })).toStrictEqual([
      'spec.upstream.tls.insecureSkipVerify: "true" is not allowed; allowed: "All", "Hostname"',
    ]);
  });

  it("rejects kagent's TLSConfig fields disableSystemCAs and the CA key, which have no meaning here", () => {
    expect(upstreamErrors({ tls: { disableSystemCAs: true } })).toStrictEqual([
      'spec.upstream.tls.disableSystemCAs: unknown field (check the spelling: unknown fields are never ignored)',
    ]);
    // agentgateway reads the CA from key ca.crt of the ConfigMap; there is no key to choose.
    expect(upstreamErrors({ tls: { caCertificateRef: { name: 'ca', key: 'bundle.pem' } } })).toStrictEqual([
      'spec.upstream.tls.caCertificateRef.key: unknown field (check the spelling: unknown fields are never ignored)',
    ]);
  });

  it('rejects reference names that are not Kubernetes names, and an SNI that is not a lowercase DNS name', () => {
    expect(upstreamErrors({ tls: { caCertificateRef: { name: 'Partner_CA' } } })[0]).toMatch(
      /^spec\.upstream\.tls\.caCertificateRef\.name: "Partner_CA" is not a valid name/,
    );
    expect(upstreamErrors({ tls: { clientCertificateRef: { name: '' } } })[0]).toMatch(
      /^spec\.upstream\.tls\.clientCertificateRef\.name: "" is not a valid name/,
    );
    expect(upstreamErrors({ tls: { sni: 'MCP.example.com' } })[0]).toMatch(
      /^spec\.upstream\.tls\.sni: "MCP\.example\.com" is not a valid name/,
    );
  });
});

describe('ToolRoute spec.upstream.auth |', () => {
  it('accepts a Secret reference alone, with a key, and with a header and prefix', () => {
    expect(upstreamErrors({ auth: { secretRef: { name: 'token' } } })).toStrictEqual([]);
    expect(upstreamErrors({ auth: { secretRef: { name: 'token', key: 'api_key.v2' }, header: { name: 'X-Api-Key' } } })).toStrictEqual([]);
    expect(upstreamErrors({ auth: { secretRef: { name: 'token' }, header: { name: 'Authorization', prefix: 'Token ' } } })).toStrictEqual(
      [],
    );
  });

  it('requires secretRef or passthrough: a credential is only ever referenced, never written inline', () => {
    expect(upstreamErrors({ auth: {} })).toStrictEqual([
      "spec.upstream.auth: needs secretRef (a credential from a Secret) or passthrough: {} (the caller's validated token)",
    ]);
    expect(upstreamErrors({ auth: { key: 'sk-live-123', secretRef: { name: 't' } } })).toStrictEqual([
      'spec.upstream.auth.key: unknown field (check the spelling: unknown fields are never ignored)',
    ]);
  });

  it('rejects a Secret key Kubernetes would not allow', () => {
    expect(upstreamErrors({ auth: { secretRef: { name: 't', key: 'a/b' } } })).toStrictEqual([
      'spec.upstream.auth.secretRef.key: "a/b" is not a valid key; allowed: 1 to 253 letters, digits, "-", "_" and "." (not "." or "..")',
    ]);
    expect(upstreamErrors({ auth: { secretRef: { name: 't', key: '..' } } })).toHaveLength(1);
  });

  it('rejects a header name that is not an HTTP token (pseudo-headers included) and a prefix with a line break', () => {
    expect(upstreamErrors({ auth: { secretRef: { name: 't' }, header: { name: ':authority' } } })).toStrictEqual([
      `spec.upstream.auth.header.name: ":authority" is not a valid header name; allowed: 1 to 256 letters, digits and !#$%&'*+-.^_\`|~`,
    ]);
    expect(upstreamErrors({ auth: { secretRef: { name: 't' }, header: { name: 'X-Key', prefix: 'a\r\nX-Injected: 1' } } })).toStrictEqual([
      'spec.upstream.auth.header.prefix: "a\\r\\nX-Injected: 1" is not a valid header prefix; allowed: 1 to 256 printable characters',
    ]);
  });
});

describe('ToolRoute spec.productionMode |', () => {
  it('is an optional boolean', () => {
    expect(intentOf('ToolRoute', routeToUrl('a', 'r', URL, { productionMode: true })).spec.productionMode).toBe(true);
    expect(intentOf('ToolRoute', routeToUrl('a', 'r', URL)).spec.productionMode).toBeUndefined();
    const errors = errorsOf(estateOf([routeToUrl('a', 'r', URL, { productionMode: 'yes' })]).problems);
    expect(errors.map((p) => `${p.field}: ${p.message}`)).toStrictEqual([
      'spec.productionMode: expected true or false, got a string "yes"',
    ]);
  });
});
