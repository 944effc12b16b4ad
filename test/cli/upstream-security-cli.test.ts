import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
// In this process through main(); main.test.ts runs the binary itself as a child process.
import { runMain as run } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'tool-gateway-security-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('tool-gateway synth | upstream security and production mode', () => {
  test('the external-mtls example synthesizes with --production-mode', async () => {
    const out = join(work, 'mtls');
    const r = await run(['synth', '--input', 'examples/external-mtls', '--out', out, '--production-mode']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'tool-gateway/agentgatewaypolicy-agents-jwt.yaml'))).toBe(true);
  });

  test('--production-mode refuses the insecure default estate: exit 1, one clear line per broken rule, nothing written', async () => {
    const out = join(work, 'never');
    const r = await run(['synth', '--input', 'examples/default-estate', '--out', out, '--production-mode']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain(
      'examples/default-estate/team-b.yaml:31: error: ToolRoute team-b/github: spec.upstream.auth: production mode (the app-wide default; set spec.productionMode: false to opt this route out) requires upstream credentials; set spec.upstream.auth (a token from a Secret, or passthrough: {} to forward the caller token) or spec.upstream.tls.clientCertificateRef (a client certificate)',
    );
    expect(lines.filter((l) => l.includes('ToolRoute team-a/weather: spec.upstream.tls: production mode'))).toHaveLength(1);
    expect(
      lines.filter((l) => l.includes('requires client authentication on the gateway, but ToolGateway tool-gateway/shared has none')),
    ).toHaveLength(3);
    expect(lines.filter((l) => l.includes('spec.toolFilter.allow: production mode') && l.includes('team-b/docs'))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^\d+ error\(s\); nothing was written$/);
    expect(existsSync(out)).toBe(false);
  });

  test('an http:// URL with a tls block exits 1 naming file, line and field, and writes nothing', async () => {
    const input = join(work, 'bad-tls');
    cpSync('examples/external-mtls', input, { recursive: true });
    writeFileSync(
      join(input, 'broken.yaml'),
      [
        'apiVersion: runtime.agentic-layer.ai/v1alpha1',
        'kind: ToolRoute',
        'metadata: {name: plain, namespace: team-a}',
        'spec:',
        '  toolGatewayRef: {name: agents, namespace: tool-gateway}',
        '  upstream:',
        '    external: {url: "HTTP://mcp.example.com/mcp"}',
        '    tls: {caCertificateRef: {name: corp-ca}, insecureSkipVerify: All}',
        '',
      ].join('\n'),
    );
    const out = join(work, 'never-2');
    const r = await run(['synth', '--input', input, '--out', out]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(
      /broken\.yaml:8: error: ToolRoute team-a\/plain: spec\.upstream\.tls\.insecureSkipVerify: "All" turns certificate verification off, so caCertificateRef would never be used/,
    );
    expect(lines.at(-1)).toBe('1 error(s); nothing was written');
    expect(existsSync(out)).toBe(false);
  });
});
