import { describe, expect, it } from 'vitest';
import { Chart } from 'cdk8s';
import { formatProblem } from '../../src/contracts/problem.js';
import { ToolGatewayApp } from '../../src/app/tool-gateway-app.js';
import { ToolGateway } from '../../src/constructs/tool-gateway.js';
import { ToolRoute } from '../../src/constructs/tool-route.js';
import { Egress, ToolServer } from '../../src/constructs/tool-server.js';
import { Upstream } from '../../src/constructs/upstream.js';
import { compileDocs } from '../support/compile-fixtures.js';
import { cr, errorsOf, estateOf, routeToUrl, toolGateway, toolRoute, toolServer, type Doc } from '../support/intent-fixtures.js';
import { gatherIntent } from '../../src/app/gather-intent.js';

const GW = toolGateway('tool-gateway', 'tg');
const lines = (docs: Doc[]) => errorsOf(estateOf(docs).problems).map(formatProblem);
const ESCAPE = 'set spec.upstream.allowPrivileged: true with spec.upstream.privilegedReason (refused in production mode)';

describe('URL fields | privileged addresses', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254', 'the cloud metadata service (169.254.169.254)'],
    ['http://2852039166/mcp', '169.254.169.254', 'the cloud metadata service (169.254.169.254)'],
    ['http://127.0.0.1:15000/mcp', '127.0.0.1', 'a loopback address (127.0.0.0/8: the pod itself)'],
    ['http://localhost:15000/mcp', 'localhost', 'a loopback name (localhost resolves to the pod itself)'],
    ['http://[::1]:15000/mcp', '::1', 'the loopback address (::1: the pod itself)'],
    ['http://[::ffff:169.254.169.254]/mcp', '::ffff:a9fe:a9fe', 'an IPv6 form of the cloud metadata service (169.254.169.254)'],
    ['http://[fe80::1]/mcp', 'fe80::1', 'a link-local address (fe80::/10)'],
  ])('refuses a route to %s at its url, saying what the address is and how to allow it', (url, host, what) => {
    expect(lines([GW, routeToUrl('team-a', 'r', url)])).toStrictEqual([
      `error: ToolRoute team-a/r: spec.upstream.external.url: ${JSON.stringify(url)} has host ${JSON.stringify(host)}, ${what}, which no pod of the estate may be sent to; allowed: a routable address or DNS name; if it is really meant, ${ESCAPE}`,
    ]);
  });

  it('allows it with allowPrivileged and a reason outside production mode, and says so in a warning', () => {
    const route = toolRoute('team-a', 'r', {
      upstream: { external: { url: 'http://127.0.0.1:9000/mcp' }, allowPrivileged: true, privilegedReason: 'node-local test harness' },
    });
    const { objects, problems } = compileDocs([GW, route]);
    expect(errorsOf(problems)).toStrictEqual([]);
    expect(objects.length).toBeGreaterThan(0);
    expect(problems.map(formatProblem)).toContain(
      'warning: ToolRoute team-a/r: spec.upstream.allowPrivileged: lets the gateway call "127.0.0.1", a loopback address (127.0.0.0/8: the pod itself); reason given: "node-local test harness"',
    );
    const production = compileDocs([GW, route], { productionMode: true }).problems.map(formatProblem);
    expect(
      production.some(
        (l) =>
          l.startsWith('error: ToolRoute team-a/r: spec.upstream.allowPrivileged: production mode') &&
          l.includes('refuses a privileged upstream address'),
      ),
    ).toBe(true);
  });

  it('requires a reason with allowPrivileged, and allowPrivileged with a reason', () => {
    const ext = { external: { url: 'http://127.0.0.1:9000/mcp' } };
    expect(lines([GW, toolRoute('team-a', 'r', { upstream: { ...ext, allowPrivileged: true } })])).toStrictEqual([
      'error: ToolRoute team-a/r: spec.upstream.privilegedReason: is required with allowPrivileged: true; say why this upstream must reach a privileged address, so a reviewer can judge it',
    ]);
    expect(lines([GW, toolRoute('team-a', 'r', { upstream: { ...ext, privilegedReason: 'x' } })])[0]).toBe(
      'error: ToolRoute team-a/r: spec.upstream.privilegedReason: goes with allowPrivileged: true, which is not set',
    );
  });

  it('refuses privileged egress entries and provider, key-set and OTLP URLs', () => {
    const out = lines([
      toolServer('team-a', 's', { egress: [{ url: 'http://169.254.169.254/' }, { url: 'http://0x7f000001:8080/' }] }),
      cr('GuardrailProvider', 'guards', 'p', { type: 'presidio-api', presidio: { baseUrl: 'http://169.254.169.254:80' } }),
      toolGateway('tool-gateway', 'tg', { env: [{ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://[::1]:4317' }] }),
    ]).map((l) => l.replace(/: "[^"]*" has host .*/, ''));
    expect(out).toStrictEqual([
      'error: ToolServer team-a/s: spec.egress[0].url',
      'error: ToolServer team-a/s: spec.egress[1].url',
      'error: GuardrailProvider guards/p: spec.presidio.baseUrl',
      'error: ToolGateway tool-gateway/tg: spec.env[0].value',
    ]);
  });

  it('takes allowPrivileged with a reason from the constructs', () => {
    const app = new ToolGatewayApp({ outdir: 'unused' });
    const platform = new Chart(app, 'platform', { namespace: 'tool-gateway' });
    const gateway = new ToolGateway(platform, 'tg');
    const team = new Chart(app, 'team-a', { namespace: 'team-a' });
    new ToolRoute(team, 'r', {
      gateway,
      upstream: Upstream.external('http://127.0.0.1:9000/mcp', { allowPrivileged: { reason: 'harness' } }),
    });
    new ToolServer(team, 's', {
      image: 'ghcr.io/example/s:1',
      egress: [Egress.url('http://169.254.169.254/', { allowPrivileged: { reason: 'reads its instance identity' } })],
    });
    const { problems } = gatherIntent(app);
    expect(errorsOf(problems)).toStrictEqual([]);
  });
});

describe('URL fields | reported at the intent, before the gate', () => {
  it('reports a host such as my_host at the route url, not as a pattern of a generated object', () => {
    const result = compileDocs([GW, routeToUrl('team-a', 'r', 'http://my_host:8000/mcp')]);
    expect(result.problems.map(formatProblem)).toStrictEqual([
      'error: ToolRoute team-a/r: spec.upstream.external.url: "http://my_host:8000/mcp" has host "my_host", which is not a valid DNS host name: allowed are letters, digits and "-" in dot-separated labels of 1 to 63 characters, each starting and ending with a letter or digit, or an IP address',
    ]);
  });
});
