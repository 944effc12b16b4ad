import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ToolGatewayApp } from '../../src/app/tool-gateway-app.js';
import { runApp } from '../../src/app/run-app.js';
import { defineDefaultEstate } from '../../src/main.js';
import { runCli, runMain, type CliRun } from '../support/cli.js';

// The binary runs as a child process where its exit code and stderr are the point (a first
// synth, bad input, a usage error); everything else calls main() in this process, which is what
// the binary runs, without paying a node and tsx start-up per command.

const work = mkdtempSync(join(tmpdir(), 'tool-gateway-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** sha256 of every file under dir, by relative path. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('tool-gateway synth |', () => {
  const out = join(work, 'out');
  let first: CliRun;
  beforeAll(() => {
    first = runCli(['synth', '--input', 'examples/default-estate', '--out', out]);
  });

  test('writes the example estate, and a second run gives byte-identical files', async () => {
    expect(first.code, first.stderr).toBe(0);
    const before = tree(out);
    expect(Object.keys(before)).toContain('team-a/httproute-shared-weather.yaml');
    const second = await runMain(['synth', '--input', 'examples/default-estate', '--out', out]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 added, 0 changed, 0 removed/);
    expect(tree(out)).toEqual(before);
  });

  test('--check passes on fresh output and catches a one-byte change without writing', async () => {
    expect((await runMain(['synth', '--input', 'examples/default-estate', '--out', out, '--check'])).code).toBe(0);
    const file = join(out, 'team-a/httproute-shared-weather.yaml');
    const original = readFileSync(file, 'utf8');
    const tampered = original.replace('PathPrefix', 'PathPrefiy');
    writeFileSync(file, tampered);
    const r = await runMain(['synth', '--input', 'examples/default-estate', '--out', out, '--check']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('~ team-a/httproute-shared-weather.yaml');
    expect(readFileSync(file, 'utf8')).toBe(tampered);
    writeFileSync(file, original);
  });

  test('bad input exits 1 with one line per problem, no stack trace, and writes nothing', () => {
    const input = join(work, 'bad');
    cpSync('examples/default-estate', input, { recursive: true });
    writeFileSync(
      join(input, 'broken.yaml'),
      [
        'apiVersion: runtime.agentic-layer.ai/v1alpha1',
        'kind: ToolRoute',
        'metadata: {name: leaky, namespace: team-a}',
        'spec:',
        '  upstream:',
        '    external:',
        '      url: https://user:hunter2@mcp.example.com/mcp?x=1',
        '',
      ].join('\n'),
    );
    const before = tree(out);
    const r = runCli(['synth', '--input', input, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('hunter2');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /broken\.yaml:7: error: ToolRoute team-a\/leaky: spec\.upstream\.external\.url: "https:\/\/\*\*\*@mcp\.example\.com\/mcp\?\*\*\*" carries credentials/,
    );
    expect(lines[1]).toBe('1 error(s); nothing was written');
    expect(tree(out)).toEqual(before);
  });

  test('field errors point at the line of the field', async () => {
    const input = join(work, 'typo');
    cpSync('examples/default-estate', input, { recursive: true });
    writeFileSync(
      join(input, 'typo.yaml'),
      'apiVersion: runtime.agentic-layer.ai/v1alpha1\nkind: ToolServer\nmetadata:\n  name: typo\n  namespace: team-a\nspec:\n  image: x\n  prot: 99\n',
    );
    const r = await runMain(['synth', '--input', input, '--out', join(work, 'never')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'typo.yaml:8: error: ToolServer team-a/typo: spec.prot: unknown field (did you mean "port"? unknown fields are never ignored)',
    );
    expect(() => statSync(join(work, 'never'))).toThrow();
  });

  test('usage errors exit 2', async () => {
    expect(runCli(['frobnicate']).code).toBe(2);
    expect((await runMain(['synth', '--out', out])).code).toBe(2);
    expect((await runMain(['synth', '--input', 'examples/default-estate', '--out', out, '--frobnicate'])).code).toBe(2);
  });
});

describe('tool-gateway validate |', () => {
  test('accepts the committed dist/ and rejects a manifest the API server would reject', async () => {
    const ok = await runMain(['validate', 'dist']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/\d+ object\(s\) valid/);
    const bad = join(work, 'bad-manifest.yaml');
    writeFileSync(
      bad,
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: Not_Valid\n  namespace: default\nspec:\n  ports:\n    - port: 0\n',
    );
    const r = await runMain(['validate', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Service default/Not_Valid');
  });
});

describe('npm run synth |', () => {
  // The app of src/main.ts, as `npm run synth -- --check` runs it (.ci/run also runs that command).
  test('--check exits 0 against the committed dist/', () => {
    const out: string[] = [];
    const app = new ToolGatewayApp({ outdir: 'dist' });
    defineDefaultEstate(app);
    // runApp sets process.exitCode, as the script's exit status; this process's status is not ours to set.
    const previous = process.exitCode;
    let code: number;
    try {
      code = runApp(app, ['--check'], { out: (l) => out.push(l), err: (l) => out.push(l) });
    } finally {
      process.exitCode = previous;
    }
    expect(code, out.join('\n')).toBe(0);
    expect(out).toContain('dist is up to date');
  });
});
