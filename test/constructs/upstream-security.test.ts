import { describe, expect, test } from 'vitest';
import { ToolGateway } from '../../src/constructs/tool-gateway.js';
import { ToolRoute } from '../../src/constructs/tool-route.js';
import { Upstream } from '../../src/constructs/upstream.js';
import { BackendAuth, InsecureSkipVerify, UpstreamTls } from '../../src/constructs/upstream-security.js';
import { chartIn, problemLines, testApp } from '../support/construct-app.js';

describe('UpstreamTls and BackendAuth |', () => {
  test('renders every TLS and auth option', () => {
    const tls = UpstreamTls.systemTrust()
      .ca('ca')
      .clientCertificate('client')
      .sni('mcp.internal')
      .insecureSkipVerify(InsecureSkipVerify.HOSTNAME);
    expect(tls._toSpec()).toStrictEqual({
      caCertificateRef: { name: 'ca' },
      clientCertificateRef: { name: 'client' },
      insecureSkipVerify: 'Hostname',
      sni: 'mcp.internal',
    });
    expect(UpstreamTls.systemTrust()._toSpec()).toStrictEqual({});
    expect(UpstreamTls.clientCertificate('c')._toSpec()).toStrictEqual({ clientCertificateRef: { name: 'c' } });
    expect(BackendAuth.bearerFromSecret('t')._toSpec()).toStrictEqual({ secretRef: { name: 't' } });
    // A prefix alone changes the prefix of the Authorization header.
    expect(BackendAuth.bearerFromSecret('t', { prefix: 'Token ' })._toSpec()).toStrictEqual({
      secretRef: { name: 't' },
      header: { name: 'Authorization', prefix: 'Token ' },
    });
    expect(BackendAuth.bearerFromSecret('t', { key: 'k', header: 'X-Key', prefix: 'Key ' })._toSpec()).toStrictEqual({
      secretRef: { name: 't', key: 'k' },
      header: { name: 'X-Key', prefix: 'Key ' },
    });
    expect(BackendAuth.passthrough()._toSpec()).toStrictEqual({ passthrough: {} });
    expect(BackendAuth.passthrough({ header: 'X-User-Token' })._toSpec()).toStrictEqual({
      passthrough: {},
      header: { name: 'X-User-Token' },
    });
  });

  test('passthrough on a gateway without authentication fails the build with the construct path', () => {
    const app = testApp();
    const chart = chartIn(app, 'tool-gateway', 'platform');
    new ToolGateway(chart, 'shared');
    new ToolRoute(chart, 'r', { upstream: Upstream.external('https://mcp.example.com/mcp', { auth: BackendAuth.passthrough() }) });
    const result = app.build();
    expect(result.files).toBeUndefined();
    expect(result.problems.map((p) => `${p.origin?.constructPath}: ${p.field}`)).toStrictEqual([
      'platform/r: spec.upstream.auth.passthrough',
    ]);
  });

  test('a TLS mistake is reported with the construct path, not thrown', () => {
    const app = testApp();
    const chart = chartIn(app, 'tool-gateway', 'platform');
    new ToolGateway(chart, 'shared');
    new ToolRoute(chart, 'r', {
      upstream: Upstream.external('http://mcp.example.com/mcp', { tls: UpstreamTls.ca('ca').insecureSkipVerify(InsecureSkipVerify.ALL) }),
    });
    const result = app.build();
    expect(result.files).toBeUndefined();
    expect(result.problems.map((p) => `${p.origin?.constructPath}: ${p.field}`)).toStrictEqual([
      'platform/r: spec.upstream.tls.insecureSkipVerify',
    ]);
  });

  test('an http URL with TLS is refused through the TypeScript front door too', () => {
    const app = testApp();
    const chart = chartIn(app, 'tool-gateway', 'platform');
    new ToolGateway(chart, 'shared');
    new ToolRoute(chart, 'r', { upstream: Upstream.external('HTTP://mcp.example.com/mcp', { tls: UpstreamTls.systemTrust() }) });
    expect(problemLines(app.build().problems)).toStrictEqual([
      'platform/r: spec.upstream.tls: is set, but spec.upstream.external.url uses http://, which is plain text; write https:// to use TLS, or remove tls',
    ]);
  });
});
