import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactUrl, urlText } from '../../src/contracts/redact-url.js';

describe('redactUrl |', () => {
  it('hides userinfo, query and fragment and keeps scheme, host, port and path', () => {
    expect(redactUrl('https://alice:pw@mcp.example.com:8443/mcp?token=t#frag')).toBe('https://***@mcp.example.com:8443/mcp?***#***');
    expect(redactUrl('https://mcp.example.com/mcp')).toBe('https://mcp.example.com/mcp');
    expect(redactUrl('https://mcp.example.com/mcp#only')).toBe('https://mcp.example.com/mcp#***');
    expect(redactUrl('https://mcp.example.com/mcp?a=1')).toBe('https://mcp.example.com/mcp?***');
  });

  it('hides userinfo in text without a scheme, and a password written before a "#" or "?"', () => {
    expect(redactUrl('alice:pw@mcp.example.com/mcp')).toBe('***@mcp.example.com/mcp');
    expect(redactUrl('http://:pw#@host/mcp')).toBe('http://***#***');
    expect(redactUrl('http://:pw?x@host/mcp')).toBe('http://***?***');
    expect(redactUrl('https://mcp.example.com/mcp?q=a@secret')).toBe('https://mcp.example.com/mcp?***');
  });

  it('urlText quotes and escapes what redactUrl leaves', () => {
    expect(urlText('https://a:b@h/p\u001b[31m?q')).toBe('"https://***@h/p\\u001b[31m?***"');
  });

  it('property: a secret in userinfo, query or fragment never survives, whatever surrounds it', () => {
    const secret = fc.stringMatching(/^[A-Z0-9]{6,10}$/).map((s) => `QZ${s}`);
    const noise = fc.string({ maxLength: 12, unit: fc.constantFrom('a', '/', ':', '.', '%', '\\', '[', ']', '-') });
    const scheme = fc.constantFrom('https://', 'http://', 'HTTP://', 'ftp://', '', '//');
    const where = fc.constantFrom('user', 'password', 'cut-password', 'query', 'fragment');
    fc.assert(
      fc.property(scheme, noise, secret, noise, where, (s, before, token, after, at) => {
        const text = {
          user: `${s}${token}@host${before}/${after}`,
          password: `${s}u:${before}${token}${after}@host/p`,
          'cut-password': `${s}u:${token}${at === 'cut-password' ? '?' : '#'}${after}@host/p`,
          query: `${s}host${before}/p?${after}${token}`,
          fragment: `${s}host/${before}#${token}${after}`,
        }[at];
        expect(redactUrl(text)).not.toContain(token);
      }),
      { numRuns: 2000 },
    );
  });
});
