import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  parseExternalUrl,
  toolServerEndpoint,
  toolServerHost,
  type ExternalUrlResult,
} from '../../../src/compile/resolve/upstream-endpoint.js';
import { intentOf, toolServer } from '../../support/intent-fixtures.js';

function endpointOf(url: string) {
  const result = parseExternalUrl(url);
  if ('error' in result) throw new Error(`expected ${url} to parse, got: ${result.error}`);
  return result.endpoint;
}

function errorOf(url: string): string {
  const result: ExternalUrlResult = parseExternalUrl(url);
  if (!('error' in result)) throw new Error(`expected ${url} to be rejected, got ${JSON.stringify(result.endpoint)}`);
  return result.error;
}

describe('toolServerEndpoint |', () => {
  it('points an http ToolServer at its Service DNS name with the defaulted port and path, without TLS', () => {
    const server = intentOf('ToolServer', toolServer('team-a', 'weather'));
    expect(toolServerEndpoint(server, 'cluster.local')).toStrictEqual({
      host: 'weather.team-a.svc.cluster.local',
      port: 8080,
      path: '/mcp',
      protocol: 'StreamableHTTP',
      tls: false,
    });
  });

  it('speaks SSE to an sse ToolServer on its /sse default path (the operator always said StreamableHTTP)', () => {
    const server = intentOf('ToolServer', toolServer('team-a', 'legacy', { transportType: 'sse', port: 9000 }));
    expect(toolServerEndpoint(server, 'cluster.local')).toStrictEqual({
      host: 'legacy.team-a.svc.cluster.local',
      port: 9000,
      path: '/sse',
      protocol: 'SSE',
      tls: false,
    });
  });

  it('keeps an explicit ToolServer path and uses the configured cluster domain', () => {
    const server = intentOf('ToolServer', toolServer('ns', 'srv', { path: '/custom-path' }));
    expect(toolServerHost(server, 'corp.internal')).toBe('srv.ns.svc.corp.internal');
    expect(toolServerEndpoint(server, 'corp.internal').path).toBe('/custom-path');
  });
});

describe('parseExternalUrl | accepted URLs', () => {
  it('turns https into TLS origination with SNI from the host and port 443', () => {
    expect(endpointOf('https://github-mcp.example.com/mcp')).toStrictEqual({
      host: 'github-mcp.example.com',
      port: 443,
      path: '/mcp',
      protocol: 'StreamableHTTP',
      tls: true,
      sni: 'github-mcp.example.com',
    });
  });

  it('uses plain text on port 80 for http and sets no SNI', () => {
    expect(endpointOf('http://mcp.example.com/v1/mcp')).toStrictEqual({
      host: 'mcp.example.com',
      port: 80,
      path: '/v1/mcp',
      protocol: 'StreamableHTTP',
      tls: false,
    });
  });

  it('originates TLS to an IPv4 literal without SNI, which must not carry an IP address', () => {
    const e = endpointOf('https://10.0.0.12/mcp');
    expect(e).toStrictEqual({ host: '10.0.0.12', port: 443, path: '/mcp', protocol: 'StreamableHTTP', tls: true });
    expect(e).not.toHaveProperty('sni');
  });

  it('strips the brackets of an IPv6 literal and keeps its explicit port', () => {
    expect(endpointOf('http://[::1]:8080/mcp')).toStrictEqual({
      host: '::1',
      port: 8080,
      path: '/mcp',
      protocol: 'StreamableHTTP',
      tls: false,
    });
  });

  it('originates TLS to an IPv6 literal without SNI', () => {
    expect(endpointOf('https://[2001:db8::1]/mcp')).toStrictEqual({
      host: '2001:db8::1',
      port: 443,
      path: '/mcp',
      protocol: 'StreamableHTTP',
      tls: true,
    });
  });

  it('keeps explicit ports for both schemes', () => {
    expect(endpointOf('https://mcp.example.com:8443/mcp').port).toBe(8443);
    expect(endpointOf('http://mcp.example.com:8080/mcp').port).toBe(8080);
    expect(endpointOf('http://mcp.example.com:65535/').port).toBe(65535);
    expect(endpointOf('http://mcp.example.com:1/').port).toBe(1);
  });

  it('treats a spelled-out default port like the default', () => {
    expect(endpointOf('https://mcp.example.com:443/mcp')).toStrictEqual(endpointOf('https://mcp.example.com/mcp'));
    expect(endpointOf('http://mcp.example.com:80/mcp')).toStrictEqual(endpointOf('http://mcp.example.com/mcp'));
  });

  it('accepts an uppercase scheme and host, lowercasing the host but not the path', () => {
    expect(endpointOf('HTTPS://MCP.Example.COM/Tools/MCP')).toStrictEqual({
      host: 'mcp.example.com',
      port: 443,
      path: '/Tools/MCP',
      protocol: 'StreamableHTTP',
      tls: true,
      sni: 'mcp.example.com',
    });
    expect(endpointOf('Http://mcp.example.com/mcp').tls).toBe(false);
  });

  it('uses / for an empty path, with or without a port', () => {
    expect(endpointOf('https://mcp.example.com').path).toBe('/');
    expect(endpointOf('https://mcp.example.com/').path).toBe('/');
    expect(endpointOf('http://mcp.example.com:8080').path).toBe('/');
  });

  it('keeps a path that is already normalised byte for byte, percent-escapes and trailing slash included', () => {
    expect(endpointOf('https://mcp.example.com/a%20b/mcp/').path).toBe('/a%20b/mcp/');
    expect(endpointOf('https://mcp.example.com/@scope/mcp').path).toBe('/@scope/mcp');
  });
});

describe('parseExternalUrl | rejected URLs', () => {
  it('rejects a URL without a scheme and suggests the https form', () => {
    expect(errorOf('mcp.example.com/mcp')).toBe(
      '"mcp.example.com/mcp" has no scheme; write the full URL, e.g. "https://mcp.example.com/mcp"',
    );
  });

  it('rejects a protocol-relative URL with a hint that drops the leading slashes', () => {
    expect(errorOf('//mcp.example.com/mcp')).toBe(
      '"//mcp.example.com/mcp" has no scheme; write the full URL, e.g. "https://mcp.example.com/mcp"',
    );
  });

  it('rejects schemes other than http and https', () => {
    expect(errorOf('ftp://files.example.com/mcp')).toBe('"ftp://files.example.com/mcp" uses scheme "ftp"; allowed: http, https');
    expect(errorOf('ws://mcp.example.com/mcp')).toBe('"ws://mcp.example.com/mcp" uses scheme "ws"; allowed: http, https');
  });

  it('rejects userinfo without echoing the password or the user', () => {
    const message = errorOf('https://alice:s3cr3t-pw@mcp.example.com/mcp');
    expect(message).toBe(
      '"https://***@mcp.example.com/mcp" carries credentials in the URL; remove them and reference a Secret instead (credentials in URLs end up in git and in logs)',
    );
    expect(message).not.toContain('s3cr3t-pw');
    expect(message).not.toContain('alice');
  });

  it('rejects a user name alone and an empty user with a password', () => {
    expect(errorOf('https://token@mcp.example.com/mcp')).toMatch(
      /^"https:\/\/\*\*\*@mcp\.example\.com\/mcp" carries credentials in the URL;/,
    );
    expect(errorOf('https://:hunter2@mcp.example.com/mcp')).not.toContain('hunter2');
  });

  it('fails on credentials without echoing them when something else is wrong with the URL too', () => {
    // Each of these fails on an earlier check (port range, whitespace, scheme); the password must still not leak.
    const cases: Array<[string, RegExp]> = [
      [
        'https://alice:s3cr3t-pw@mcp.example.com:99999/mcp',
        /^"https:\/\/\*\*\*@mcp\.example\.com:99999\/mcp" carries credentials in the URL;/,
      ],
      ['https://alice:s3cr3t pw@mcp.example.com/mcp', /^"https:\/\/\*\*\*@mcp\.example\.com\/mcp" contains whitespace$/],
      [
        'alice:s3cr3t-pw@mcp.example.com/mcp',
        /^"\*\*\*@mcp\.example\.com\/mcp" has no scheme; allowed: a full URL starting with https:\/\/ \(or http:\/\/\)/,
      ],
      ['ftp://alice:s3cr3t-pw@mcp.example.com/mcp', /^"ftp:\/\/\*\*\*@mcp\.example\.com\/mcp" uses scheme "ftp"; allowed: http, https$/],
      // The "#" ends the authority, so all of it may be a password: the whole of it is hidden.
      ['https://alice:s3cr#t-pw@mcp.example.com/mcp', /^"https:\/\/\*\*\*#\*\*\*" has a fragment/],
    ];
    for (const [url, expected] of cases) {
      const message = errorOf(url);
      expect(message).toMatch(expected);
      expect(message).not.toMatch(/s3cr/);
    }
  });

  it('rejects a query string, which an MCP target cannot carry', () => {
    expect(errorOf('https://mcp.example.com/mcp?team=a')).toBe(
      '"https://mcp.example.com/mcp?***" has a query string, which an MCP target cannot carry; remove it',
    );
    expect(errorOf('https://mcp.example.com/mcp?')).toMatch(/has a query string/);
  });

  it('rejects a fragment, which is never sent to a server', () => {
    expect(errorOf('https://mcp.example.com/mcp#tools')).toBe(
      '"https://mcp.example.com/mcp#***" has a fragment, which is never sent to a server; remove it',
    );
  });

  it('rejects paths that change under URL normalisation instead of rewriting them', () => {
    expect(errorOf('https://mcp.example.com/a/../mcp')).toBe(
      '"https://mcp.example.com/a/../mcp" has a path that changes under URL normalisation (to "/mcp"); write it in normalised form',
    );
    expect(errorOf('https://mcp.example.com/./mcp')).toMatch(/changes under URL normalisation \(to "\/mcp"\)/);
    expect(errorOf('https://mcp.example.com/t\u00e4st')).toMatch(/changes under URL normalisation \(to "\/t%C3%A4st"\)/);
  });

  it('rejects a backslash that the URL parser would silently turn into a path', () => {
    expect(errorOf('https://mcp.example.com\\mcp')).toBe(
      '"https://mcp.example.com\\\\mcp" has a path that changes under URL normalisation (to "/mcp"); write it in normalised form',
    );
  });

  it('rejects a percent-encoded dot segment, which the URL parser resolves', () => {
    expect(errorOf('https://mcp.example.com/a/%2E%2E/mcp')).toMatch(/changes under URL normalisation \(to "\/mcp"\)/);
  });

  it('rejects port 0, which agentgateway targets do not allow', () => {
    expect(errorOf('https://mcp.example.com:0/mcp')).toBe('"https://mcp.example.com:0/mcp" has port 0; allowed: 1 to 65535');
  });

  it('rejects a port above 65535 and a URL without a host', () => {
    expect(errorOf('http://mcp.example.com:65536/mcp')).toMatch(/^"http:\/\/mcp\.example\.com:65536\/mcp" is not a valid URL; allowed: /);
    expect(errorOf('http://')).toMatch(/^"http:\/\/" is not a valid URL; allowed: /);
  });

  it('rejects whitespace anywhere in the URL', () => {
    expect(errorOf('https://mcp.example.com/my tools')).toBe('"https://mcp.example.com/my tools" contains whitespace');
    expect(errorOf(' https://mcp.example.com/mcp')).toMatch(/contains whitespace$/);
  });

  it('rejects a host longer than a DNS name may be (253 characters)', () => {
    const host = Array.from({ length: 5 }, (_, i) => `${String.fromCharCode(97 + i)}${'x'.repeat(59)}`).join('.'); // 304 characters
    expect(errorOf(`https://${host}/mcp`)).toMatch(/, which is not a valid DNS host name: it is longer than 253 characters$/);
  });

  it('rejects a path longer than agentgateway allows (1024 characters)', () => {
    const path = `/${'p'.repeat(1024)}`;
    // The message echoes the URL cut to 80 characters, like every value.
    expect(errorOf(`https://mcp.example.com${path}`)).toMatch(/^"https:\/\/mcp\.example\.com\/p+… has a path longer than 1024 characters$/);
    expect(endpointOf(`https://mcp.example.com/${'p'.repeat(1023)}`).path).toHaveLength(1024);
  });
});

// --- properties --------------------------------------------------------------------------------

const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/).filter((l) => !l.startsWith('xn--'));
const hostname = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
// "%2E" and "%2E%2E" are dot segments to the URL parser (they normalise away, and are rightly rejected).
const segment = fc
  .oneof(fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,11}$/), fc.stringMatching(/^%[0-9A-F]{2}[a-z0-9]{0,4}$/))
  .filter((s) => !/^(\.|%2e){1,2}$/i.test(s));
const path = fc
  .array(segment, { maxLength: 5 })
  .chain((segments) =>
    fc
      .boolean()
      .map((trailingSlash) => (segments.length === 0 ? (trailingSlash ? '/' : '') : `/${segments.join('/')}${trailingSlash ? '/' : ''}`)),
  );

describe('parseExternalUrl | properties', () => {
  it('round-trips host, port and path of any valid http(s) URL', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https'),
        hostname,
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        path,
        (scheme, host, port, p) => {
          const url = `${scheme}://${host}${port === undefined ? '' : `:${port}`}${p}`;
          const e = endpointOf(url);
          const tls = scheme === 'https';
          expect(e).toStrictEqual({
            host,
            port: port ?? (tls ? 443 : 80),
            path: p === '' ? '/' : p,
            protocol: 'StreamableHTTP',
            tls,
            ...(tls ? { sni: host } : {}),
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never echoes a password, whatever else is wrong with the URL', () => {
    // The password is uppercase-only after a fixed marker; nothing else in the URL is uppercase.
    const password = fc.stringMatching(/^[A-Z0-9]{4,12}$/).map((s) => `QZ${s}`);
    const tail = fc.constantFrom('', '/mcp', '/my tools', '/mcp?x=1', '/mcp#f', '/a/../b', ':0/mcp', ':70000/mcp', '\\mcp');
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https', 'ftp', ''),
        fc.constantFrom('', 'bob'),
        password,
        fc.constantFrom('', '#', '?', ' '),
        hostname,
        tail,
        (scheme, user, pw, junk, host, rest) => {
          const url = `${scheme ? `${scheme}://` : ''}${user}:${pw}${junk}@${host}${rest}`;
          const result = parseExternalUrl(url);
          expect(result).toHaveProperty('error');
          if ('error' in result) expect(result.error).not.toContain(pw);
        },
      ),
      { numRuns: 500 },
    );
  });
});
