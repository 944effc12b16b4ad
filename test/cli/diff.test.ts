import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runMain } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'tool-gateway-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface EstateOptions {
  readonly filter?: string;
  readonly serverConsent?: string;
  readonly failureMode?: string;
  readonly jwt?: boolean;
  readonly skipVerify?: string;
  readonly allowedClients?: string;
}

/** A small estate with a JWT-protected, guarded gateway, a tool server and an external TLS upstream. */
function estate(o: EstateOptions = {}): string {
  return `
apiVersion: v1
kind: Namespace
metadata: { name: tool-gateway }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-a, labels: { tier: trusted } }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-c, labels: { tier: partner } }
---
apiVersion: v1
kind: Namespace
metadata: { name: guards }
---
apiVersion: runtime.agentic-layer.ai/v1alpha1
kind: ToolGateway
metadata: { name: shared, namespace: tool-gateway }
spec:
  guardrails: [{ name: pii, namespace: guards }]
${o.allowedClients ? `  allowedClients: { namespaceSelector: ${o.allowedClients} }\n` : ''}${
    o.jwt === false
      ? ''
      : `  authentication:
    jwt: { issuer: 'https://idp.example.com/realms/agents', audiences: [tool-gateway], jwks: { uri: 'https://idp.example.com/certs' } }
`
  }---
apiVersion: runtime.agentic-layer.ai/v1alpha1
kind: GuardrailProvider
metadata: { name: presidio, namespace: guards }
spec:
  type: presidio-api
  presidio: { baseUrl: 'http://presidio.guards:80', targetPort: 8000 }
---
apiVersion: runtime.agentic-layer.ai/v1alpha1
kind: Guard
metadata: { name: pii, namespace: guards }
spec:
  mode: [pre_call]
  providerRef: { name: presidio }
  allowedNamespaces: { from: All }
${o.failureMode ? `  failureMode: ${o.failureMode}\n` : ''}---
apiVersion: runtime.agentic-layer.ai/v1alpha1
kind: ToolServer
metadata: { name: weather, namespace: team-a }
spec:
  image: ghcr.io/example/weather-mcp:1.4.2
  port: 8000
${o.serverConsent ? `  allowedNamespaces: ${o.serverConsent}\n` : ''}---
apiVersion: runtime.agentic-layer.ai/v1alpha1
kind: ToolRoute
metadata: { name: weather, namespace: team-a }
spec:
  toolGatewayRef: { name: shared, namespace: tool-gateway }
  upstream: { toolServerRef: { name: weather } }
  toolFilter: { allow: [${o.filter ?? '"get_*"'}] }
---
apiVersion: runtime.agentic-layer.ai/v1alpha1
kind: ToolRoute
metadata: { name: partner, namespace: team-a }
spec:
  toolGatewayRef: { name: shared, namespace: tool-gateway }
  upstream:
    external: { url: 'https://mcp.partner.example.com/mcp' }
    tls: { ${o.skipVerify ? `insecureSkipVerify: ${o.skipVerify}` : ''} }
    auth: { secretRef: { name: partner-token } }
`;
}

let dirs = 0;
/** Writes an estate into a directory of its own and returns the directory. */
function intentDir(yaml: string): string {
  const dir = join(work, `estate-${++dirs}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'estate.yaml'), yaml);
  return dir;
}

const base = intentDir(estate());

describe('tool-gateway diff | the issue’s weakenings', () => {
  const cases: { name: string; head: EstateOptions; aspect: string; message: RegExp; example?: string }[] = [
    {
      name: 'a filter loosened from get_* to *',
      head: { filter: '"*"' },
      aspect: 'tool filter',
      message: /newly allows tools \(allow get_\* → allow \*\)/,
      example: 'x',
    },
    {
      name: 'a new namespace admitted by allowedNamespaces',
      head: { serverConsent: '{ from: Selector, selector: { matchLabels: { tier: partner } } }' },
      aspect: 'consent',
      message: /now admits namespace team-c, and other namespaces outside this estate \(allowedNamespaces Same → Selector tier=partner\)/,
    },
    {
      name: 'failureMode: FailOpen',
      head: { failureMode: 'FailOpen' },
      aspect: 'guard failure mode',
      message: /failureMode FailClosed → FailOpen/,
    },
    { name: 'a removed JWT', head: { jwt: false }, aspect: 'client authentication', message: /JWT authentication removed/ },
    {
      name: 'insecureSkipVerify',
      head: { skipVerify: 'Hostname' },
      aspect: 'upstream TLS verification',
      message: /insecureSkipVerify None → Hostname/,
    },
  ];
  for (const c of cases) {
    const head = intentDir(estate(c.head));
    test(`${c.name} is a weakening, and --fail-on weaken exits 3`, async () => {
      const r = await runMain(['diff', '--base', base, '--head', head, '--json', '--fail-on', 'weaken']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(3);
      const out = JSON.parse(r.stdout) as { changes: { effect: string; aspect: string; message: string; example: string | null }[] };
      const weakened = out.changes.filter((ch) => ch.effect === 'weakened');
      expect(weakened.map((ch) => ch.aspect)).toEqual([c.aspect]);
      expect(weakened[0]!.message).toMatch(c.message);
      if (c.example) expect(weakened[0]!.example).toBe(c.example);
      const md = await runMain(['diff', '--base', base, '--head', head]);
      expect(md.code).toBe(0);
      expect(md.stdout).toMatch(/^\*\*Exposure diff:\*\* 1 weakened, /);
      expect(md.stdout).toContain('⚠️ **WEAKENED**');
    });
    test(`${c.name}, reversed, is a strengthening and exits 0`, async () => {
      const r = await runMain(['diff', '--base', head, '--head', base, '--json', '--fail-on', 'weaken']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { summary: Record<string, number>; changes: { effect: string; aspect: string }[] };
      expect(out.summary.weakened).toBe(0);
      expect(out.changes.filter((ch) => ch.effect === 'strengthened').map((ch) => ch.aspect)).toContain(c.aspect);
    });
  }
});
