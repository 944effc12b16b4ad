import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkDotSubset } from '../support/dot-subset.js';
import { checkMermaidSubset } from '../support/mermaid-subset.js';
import { runMain } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'tool-gateway-graph-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The Mermaid block under the README's topology heading. */
function readmeDiagram(): string {
  const readme = readFileSync('README.md', 'utf8');
  const from = readme.indexOf('### Topology graph');
  expect(from).toBeGreaterThanOrEqual(0);
  const start = readme.indexOf('```mermaid\n', from) + '```mermaid\n'.length;
  return readme.slice(start, readme.indexOf('\n```', start));
}

describe('tool-gateway graph |', () => {
  test('the default app (dist) parses as the Mermaid subset and is the README diagram', async () => {
    const r = await runMain(['graph']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = r.stdout.replace(/\n$/, '');
    expect(checkMermaidSubset(text)).toStrictEqual([]);
    // The diagram shows the parts the issue asks for: a filter, an external host, consent and network edges.
    expect(text).toContain('-->|"allow get_*, list_*; deny *_admin"|');
    expect(text).toContain('"external https://api.githubcopilot.com"');
    expect(text).toContain('consent: attach');
    expect(text).toContain('network: TCP 8000');
    expect(readmeDiagram()).toBe(text);
  });

  test('--format dot gives the same graph as a digraph', async () => {
    const r = await runMain(['graph', '--format', 'dot']);
    expect(r.code).toBe(0);
    expect(checkDotSubset(r.stdout)).toStrictEqual([]);
    const mermaid = (await runMain(['graph'])).stdout;
    // The same edges: one line per edge in each.
    const count = (text: string, re: RegExp): number => text.split('\n').filter((l) => re.test(l)).length;
    expect(count(r.stdout, /^ {2}\w+ -> \w+/)).toBe(count(mermaid, /^ {2}\w+ -(?:-|\.-)>/));
  });

  test('refuses an unknown format with usage, exit 2', async () => {
    const r = await runMain(['graph', '--format', 'svg']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^--format "svg" is not a graph format; allowed: mermaid, dot\n/);
    expect(r.stdout).toBe('');
  });

  test('manifests without gateways or routes are an error naming what is missing', async () => {
    const file = join(work, 'cm.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: a\n');
    const r = await runMain(['graph', '--manifests', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: no ToolGateway or ToolRoute among the manifests in .*cm\.yaml; graph reads them/);
  });

  test('a missing manifests path is one line, no stack', async () => {
    const r = await runMain(['graph', '--manifests', join(work, 'nope')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toContain('nope');
  });
});
