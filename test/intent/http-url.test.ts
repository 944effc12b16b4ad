import { describe, expect, it } from 'vitest';
import { dnsHostProblem, parseHttpUrl, type HttpUrlResult } from '../../src/intent/http-url.js';

const error = (text: string) => {
  const r: HttpUrlResult = parseHttpUrl(text);
  if (!('error' in r)) throw new Error(`expected ${text} to be refused`);
  return r.error;
};
const url = (text: string) => {
  const r = parseHttpUrl(text);
  if ('error' in r) throw new Error(r.error);
  return r.url;
};

describe('parseHttpUrl | hosts', () => {
  it('reports a host that is no DNS name at the URL, in words, not as a pattern', () => {
    const message = error('http://my_host:8000/mcp');
    expect(message).toBe(
      '"http://my_host:8000/mcp" has host "my_host", which is not a valid DNS host name: allowed are letters, digits and "-" in dot-separated labels of 1 to 63 characters, each starting and ending with a letter or digit, or an IP address',
    );
    expect(message).not.toMatch(/\^|\[a-z0-9\]/);
  });

  it('relies on the WHATWG parser for IPv4 in every notation (it normalises them to dotted quads)', () => {
    for (const text of ['http://2852039166/', 'http://0xa9fea9fe/', 'http://0251.0376.0251.0376/', 'http://169.254.43518/']) {
      expect(url(text)).toMatchObject({ host: '169.254.169.254', hostKind: 'ipv4' });
    }
    expect(url('http://127.1:8080/')).toMatchObject({ host: '127.0.0.1', hostKind: 'ipv4', port: 8080 });
    expect(url('http://[0:0:0:0:0:ffff:a9fe:a9fe]/')).toMatchObject({ host: '::ffff:a9fe:a9fe', hostKind: 'ipv6' });
  });

  it('lowercases a host, keeps the trailing dot of a fully qualified name, and converts IDNs to punycode', () => {
    expect(url('http://Weather.Team-A.svc.Cluster.Local.:8000/mcp').host).toBe('weather.team-a.svc.cluster.local.');
    expect(url('https://bücher.example/mcp').host).toBe('xn--bcher-kva.example');
  });

  it('dnsHostProblem accepts names of up to 63-character labels and refuses underscores, empty labels and edge hyphens', () => {
    expect(dnsHostProblem(`${'a'.repeat(63)}.example.com`)).toBeUndefined();
    expect(dnsHostProblem('weather.team-a.svc.cluster.local.')).toBeUndefined();
    for (const bad of [`${'a'.repeat(64)}.example.com`, 'my_host', 'a..b', '-a.example', 'a-.example']) {
      expect(dnsHostProblem(bad)).toBeDefined();
    }
  });
});

describe('parseHttpUrl | the "no scheme" suggestion', () => {
  it('suggests https:// only when that gives a valid URL with a DNS host', () => {
    expect(error('mcp.example.com/mcp')).toBe(
      '"mcp.example.com/mcp" has no scheme; write the full URL, e.g. "https://mcp.example.com/mcp"',
    );
    expect(error('mcp.example.com:8443/mcp')).toMatch(/e\.g\. "https:\/\/mcp\.example\.com:8443\/mcp"$/);
  });

  it.each(['javascript:alert(1)', 'mailto:ops@example.com', 'my_host/mcp', '10.0.0.1/mcp', 'alice:pw@mcp.example.com/mcp'])(
    'says what is allowed instead of suggesting "https://" + %j',
    (text) => {
      const message = error(text);
      expect(message).toMatch(
        /has no scheme; allowed: a full URL starting with https:\/\/ \(or http:\/\/\), such as "https:\/\/mcp\.example\.com\/mcp"$/,
      );
      expect(message).not.toContain(`https://${text}`);
      expect(message).not.toContain('pw');
    },
  );
});
