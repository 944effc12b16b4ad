import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
  readonly jwksUri?: string;
  /** ToolRoute team-a/weather's spec.authorization, as YAML flow. */
  readonly authorization?: string;
  /** Adds a ToolSet team-a/bundle of weather and partner. */
  readonly toolSet?: boolean;
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
    jwt: { issuer: 'https://idp.example.com/realms/agents', audiences: [tool-gateway], jwks: { uri: '${o.jwksUri ?? 'https://idp.example.com/certs'}' } }
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
${o.authorization ? `  authorization: ${o.authorization}\n` : ''}---
apiVersion: runtime.agentic-layer.ai/v1alpha1
kind: ToolRoute
metadata: { name: partner, namespace: team-a }
spec:
  toolGatewayRef: { name: shared, namespace: tool-gateway }
  upstream:
    external: { url: 'https://mcp.partner.example.com/mcp' }
    tls: { ${o.skipVerify ? `insecureSkipVerify: ${o.skipVerify}` : ''} }
    auth: { secretRef: { name: partner-token } }
${
  o.toolSet
    ? `---
apiVersion: runtime.agentic-layer.ai/v1alpha1
kind: ToolSet
metadata: { name: bundle, namespace: team-a }
spec:
  toolGatewayRef: { name: shared, namespace: tool-gateway }
  routes: [{ name: weather }, { name: partner }]
`
    : ''
}`;
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
  const cases: { name: string; head: EstateOptions; aspect: string; message: RegExp; example?: string; from?: string; to?: string }[] = [
    {
      name: 'a filter loosened from get_* to *',
      head: { filter: '"*"' },
      aspect: 'tool filter',
      message: /^newly allows tools$/,
      from: 'allow get_*',
      to: 'allow *',
      example: 'x',
    },
    {
      name: 'a new namespace admitted by allowedNamespaces',
      head: { serverConsent: '{ from: Selector, selector: { matchLabels: { tier: partner } } }' },
      aspect: 'consent',
      message: /^now admits namespace team-c, and other namespaces outside this estate$/,
      from: 'allowedNamespaces Same',
      to: 'allowedNamespaces Selector tier=partner',
    },
    {
      name: 'failureMode: FailOpen',
      head: { failureMode: 'FailOpen' },
      aspect: 'guard failure mode',
      message: /unguarded/,
      from: 'failureMode FailClosed',
      to: 'failureMode FailOpen',
    },
    { name: 'a removed JWT', head: { jwt: false }, aspect: 'client authentication', message: /JWT authentication removed/ },
    {
      name: 'insecureSkipVerify',
      head: { skipVerify: 'Hostname' },
      aspect: 'upstream TLS verification',
      message: /without full certificate verification/,
      from: 'insecureSkipVerify None',
      to: 'insecureSkipVerify Hostname',
    },
  ];
  for (const c of cases) {
    const head = intentDir(estate(c.head));
    test(`${c.name} is a weakening, and --fail-on weaken exits 3`, async () => {
      const r = await runMain(['diff', '--base', base, '--head', head, '--json', '--fail-on', 'weaken']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(3);
      const out = JSON.parse(r.stdout) as {
        changes: { effect: string; aspect: string; message: string; example: string | null; from: string | null; to: string | null }[];
      };
      const weakened = out.changes.filter((ch) => ch.effect === 'weakened');
      expect(weakened.map((ch) => ch.aspect)).toEqual([c.aspect]);
      expect(weakened[0]!.message).toMatch(c.message);
      if (c.example) expect(weakened[0]!.example).toBe(c.example);
      if (c.from) expect([weakened[0]!.from, weakened[0]!.to]).toEqual([c.from, c.to]);
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

const BIN = join(process.cwd(), 'bin/tool-gateway.js');

describe('tool-gateway diff | inputs', () => {
  test('reads a git revision from the object store, and cleans up its copy', () => {
    const repo = join(work, 'repo');
    mkdirSync(join(repo, 'intent'), { recursive: true });
    writeFileSync(join(repo, 'intent', 'estate.yaml'), estate());
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
        cwd: repo,
        stdio: 'pipe',
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(join(repo, 'intent', 'estate.yaml'), estate({ filter: '"*"' }));
    const tmp = join(work, 'tmp');
    mkdirSync(tmp);
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, 'diff', ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
    // A bare revision takes the other side's path; <ref>:<path> names it.
    for (const r of [
      run('--base', 'HEAD', '--head', 'intent', '--fail-on', 'weaken'),
      run('--base', 'HEAD:intent', '--head', 'intent', '--fail-on', 'weaken'),
    ]) {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(3);
      expect(r.stdout).toMatch(/ToolRoute team-a\/weather\n {2}- ⚠️ \*\*WEAKENED\*\* tool filter: newly allows tools/);
    }
    const same = run('--base', 'HEAD:intent', '--head', 'HEAD');
    expect(same.status).toBe(0);
    expect(same.stdout).toMatch(/^\*\*Exposure diff:\*\* 0 weakened, 0 strengthened, 0 added, 0 removed, 0 changed\n/);
    const missing = run('--base', 'HEAD:nowhere', '--head', 'intent');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('error: "HEAD:nowhere" does not exist in that revision\n1 error(s); nothing to compare (--base)\n');
    expect(readdirSync(tmp)).toEqual([]);
  });

  test('compares an intent directory with a synthesized output, and says what output cannot tell', async () => {
    const r = await runMain(['diff', '--base', 'examples/default-estate', '--head', 'dist', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { changes: unknown[]; notes: string[] };
    expect(out.changes).toEqual([]);
    expect(out.notes).toEqual([
      expect.stringMatching(
        /^Production mode and the allowedNamespaces of ToolServers and Guards leave no trace in synthesized output \(--head\)/,
      ),
    ]);
    const loosened = join(work, 'default-loosened');
    cpSync('examples/default-estate', loosened, { recursive: true });
    const file = join(loosened, 'team-b.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('deny: ["*delete*"]', 'deny: ["delete_*"]'));
    const w = await runMain(['diff', '--base', 'dist', '--head', loosened, '--json', '--fail-on', 'weaken']);
    expect(w.code).toBe(3);
    const changes = (JSON.parse(w.stdout) as { changes: { effect: string; route: string; example: string }[] }).changes;
    expect(changes).toEqual([expect.objectContaining({ effect: 'weakened', route: 'team-b/github', example: 'search_delete' })]);
  });

  test('reports who newly may reach a gateway, from its NetworkPolicy', async () => {
    const narrow = intentDir(estate({ allowedClients: '{ matchLabels: { tier: trusted } }' }));
    const r = await runMain(['diff', '--base', narrow, '--head', base, '--json', '--fail-on', 'weaken']);
    expect(r.code).toBe(3);
    const changes = (JSON.parse(r.stdout) as { changes: { effect: string; subject: string; aspect: string; message: string }[] }).changes;
    const reach = changes.filter((c) => c.aspect === 'reachability');
    expect(reach).toEqual([
      expect.objectContaining({
        effect: 'weakened',
        subject: 'Gateway tool-gateway/shared',
        message: expect.stringMatching(/pods of namespace team-b, .*pods of any other namespace newly may reach it on TCP 80$/),
      }),
    ]);
    expect(reach[0]!.message).not.toMatch(/team-a[,\s]/);
    const back = await runMain(['diff', '--base', base, '--head', narrow, '--json']);
    const backReach = (JSON.parse(back.stdout) as { changes: { effect: string; aspect: string; message: string }[] }).changes.filter(
      (c) => c.aspect === 'reachability',
    );
    expect(backReach.map((c) => c.effect)).toEqual(['strengthened']);
    expect(backReach[0]!.message).toMatch(/may no longer reach it on TCP 80$/);
  });

  test('reads the JWT key set off the policy and its backend', async () => {
    const head = intentDir(estate({ jwksUri: 'https://keys.example.net:8443/agents/certs' }));
    const r = await runMain(['diff', '--base', base, '--head', head, '--json']);
    expect((JSON.parse(r.stdout) as { changes: unknown[] }).changes).toEqual([
      expect.objectContaining({
        effect: 'weakened',
        aspect: 'client authentication',
        from: 'jwks https://idp.example.com/certs',
        to: 'jwks https://keys.example.net:8443/agents/certs',
      }),
    ]);
  });

  test('--json has a stable, documented shape', async () => {
    const head = intentDir(estate({ filter: '"*"', jwt: false }));
    const r = await runMain(['diff', '--base', base, '--head', head, '--json']);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['summary', 'changes', 'notes']);
    expect(out.summary).toEqual({ weakened: 2, strengthened: 0, added: 0, removed: 0, changed: 0 });
    expect(out.changes).toEqual([
      {
        effect: 'weakened',
        gateway: 'tool-gateway/shared',
        route: null,
        subject: 'ToolGateway tool-gateway/shared',
        aspect: 'client authentication',
        message: 'JWT authentication removed: clients reach every route without a token',
        example: null,
        from: null,
        to: null,
      },
      {
        effect: 'weakened',
        gateway: 'tool-gateway/shared',
        route: 'team-a/weather',
        subject: 'ToolRoute team-a/weather',
        aspect: 'tool filter',
        message: 'newly allows tools',
        example: 'x',
        from: 'allow get_*',
        to: 'allow *',
      },
    ]);
    // The same input gives the same bytes.
    expect((await runMain(['diff', '--base', base, '--head', head, '--json'])).stdout).toBe(r.stdout);
  });

  test('never prints a secret hidden in a URL of the manifests', async () => {
    const edited = join(work, 'dist-secret');
    cpSync('dist', edited, { recursive: true });
    const file = join(edited, 'team-b', 'agentgatewaybackend-shared-github.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('host: api.githubcopilot.com', 'host: user:hunter2@api.githubcopilot.com')
        .replace('path: /mcp/', 'path: /mcp/?token=hunter2'),
    );
    for (const args of [[], ['--json']]) {
      const r = await runMain(['diff', '--base', 'dist', '--head', edited, ...args]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/upstream/);
      expect(r.stdout + r.stderr).not.toContain('hunter2');
    }
  });

  test('a --base that is neither a path nor a revision is one line, exit 1', async () => {
    const r = await runMain(['diff', '--base', join(work, 'nope'), '--head', 'dist']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^error: --base ".*nope": no such file or directory, and not a git revision; give an intent directory, a synthesized output \(e\.g\. dist\) or <git-ref>\[:<path>\]\n$/,
    );
  });

  test('a --base with an error is reported as synth reports it, exit 1', async () => {
    const bad = intentDir(estate().replace('port: 8000', 'prot: 8000'));
    const r = await runMain(['diff', '--base', bad, '--head', base]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/estate\.yaml:\d+: error: ToolServer team-a\/weather: spec\.prot: unknown field/);
    expect(r.stderr).toMatch(/\n1 error\(s\); nothing to compare \(--base\)\n$/);
  });
});

describe('tool-gateway diff | authorization and ToolSets', () => {
  const RULES = '{ rules: [{ principals: { claims: { groups: [sre] } }, tools: { allow: ["get_*"] } }] }';
  const OTHER_RULES = '{ rules: [{ principals: { claims: { groups: [sre, dev] } }, tools: { allow: ["get_*"] } }] }';
  const aspects = (stdout: string, effect: string): string[] =>
    (JSON.parse(stdout) as { changes: { effect: string; aspect: string }[] }).changes
      .filter((c) => c.effect === effect)
      .map((c) => c.aspect);

  test('rules added are a strengthening, removed a weakening, and the filter beside them is still decided exactly', async () => {
    const ruled = intentDir(estate({ authorization: RULES }));
    const added = await runMain(['diff', '--base', base, '--head', ruled, '--json', '--fail-on', 'weaken']);
    expect([added.code, added.stderr]).toEqual([0, '']);
    expect(aspects(added.stdout, 'strengthened')).toEqual(['authorization']);
    expect(aspects(added.stdout, 'weakened')).toEqual([]);

    const removed = await runMain(['diff', '--base', ruled, '--head', base, '--json', '--fail-on', 'weaken']);
    expect(removed.code).toBe(3);
    expect(aspects(removed.stdout, 'weakened')).toEqual(['authorization']);

    const loosened = intentDir(estate({ authorization: RULES, filter: '"*"' }));
    const both = await runMain(['diff', '--base', ruled, '--head', loosened, '--json']);
    expect(aspects(both.stdout, 'weakened')).toEqual(['tool filter']);
  });

  test('changed rules count as a weakening, since rule sets are not decided', async () => {
    const a = intentDir(estate({ authorization: RULES }));
    const b = intentDir(estate({ authorization: OTHER_RULES }));
    const r = await runMain(['diff', '--base', a, '--head', b, '--json', '--fail-on', 'weaken']);
    expect(r.code).toBe(3);
    const change = (JSON.parse(r.stdout) as { changes: { effect: string; aspect: string; message: string }[] }).changes.find(
      (c) => c.aspect === 'authorization',
    );
    expect(change?.message).toMatch(/does not decide rule sets/);
    const same = await runMain(['diff', '--base', a, '--head', intentDir(estate({ authorization: RULES })), '--json']);
    expect(aspects(same.stdout, 'weakened')).toEqual([]);
  });

  test('a ToolSet is read, named as a ToolSet, and lists every member upstream', async () => {
    const withSet = intentDir(estate({ toolSet: true }));
    const r = await runMain(['diff', '--base', base, '--head', withSet, '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { changes: { effect: string; subject: string; message: string }[] };
    const added = out.changes.filter((c) => c.subject === 'ToolSet team-a/bundle');
    expect(added.map((c) => c.effect)).toEqual(['added']);
    expect(added[0]!.message).toContain('/team-a/bundle/mcp');
    expect(added[0]!.message).toContain('http://weather.team-a.svc.cluster.local:8000/mcp, https://mcp.partner.example.com/mcp');
    const md = await runMain(['diff', '--base', base, '--head', withSet]);
    expect(md.stdout).toContain('- ToolSet team-a/bundle');
  });
});
