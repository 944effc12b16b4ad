import { describe, expect, test } from 'vitest';
import { ToolServer } from '../../src/constructs/tool-server.js';
import { Upstream } from '../../src/constructs/upstream.js';
import { BackendAuth, UpstreamTls } from '../../src/constructs/upstream-security.js';
import { chartIn, testApp } from '../support/construct-app.js';

describe('Upstream |', () => {
  test('a tool server upstream names the server in its own namespace', () => {
    const server = new ToolServer(chartIn(testApp(), 'data'), 'db', { image: 'ghcr.io/example/db-mcp:2.0.0', name: 'database' });
    const upstream = Upstream.toolServer(server);
    expect(upstream._toSpec()).toStrictEqual({ toolServerRef: { name: 'database', namespace: 'data' } });
    expect(upstream.server).toBe(server);
    expect(upstream.url).toBeUndefined();
  });

  test('an external upstream carries its URL as written; TLS and auth sit beside either kind', () => {
    expect(Upstream.external('https://mcp.example.com/mcp')._toSpec()).toStrictEqual({ external: { url: 'https://mcp.example.com/mcp' } });
    const options = { tls: UpstreamTls.ca('corp-ca'), auth: BackendAuth.bearerFromSecret('token') };
    expect(Upstream.external('https://mcp.example.com/mcp', options)._toSpec()).toStrictEqual({
      external: { url: 'https://mcp.example.com/mcp' },
      tls: { caCertificateRef: { name: 'corp-ca' } },
      auth: { secretRef: { name: 'token' } },
    });
    const server = new ToolServer(chartIn(testApp(), 'data'), 'db', { image: 'ghcr.io/example/db-mcp:2.0.0' });
    expect(Upstream.toolServer(server, { tls: UpstreamTls.systemTrust() })._toSpec()).toStrictEqual({
      toolServerRef: { name: 'db', namespace: 'data' },
      tls: {},
    });
  });
});
