import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';

const README = readFileSync('README.md', 'utf8');
const work = mkdtempSync(join(tmpdir(), 'tool-gateway-readme-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The first fenced block of `lang` after `heading`. */
function block(heading: string, lang: string): string {
  const from = README.indexOf(heading);
  expect(from, heading).toBeGreaterThanOrEqual(0);
  const start = README.indexOf('```' + lang + '\n', from);
  return README.slice(start + lang.length + 4, README.indexOf('\n```', start));
}

const quiet = { out: () => {}, err: () => {} };

/**
 * Runs the first TypeScript block after `heading` as an app, importing this package from the
 * sources, with CDK8S_OUTDIR set to `out`.
 */
function runTypeScriptBlock(heading: string, out: string): void {
  const index = pathToFileURL(resolve('src/index.ts')).href;
  // Inside the repo (git-ignored), so the app's own imports resolve from node_modules.
  const dir = mkdtempSync(join(resolve('node_modules'), '.readme-'));
  const file = join(dir, 'app.ts');
  writeFileSync(file, block(heading, 'ts').replace(`from 'cdk8s-tool-gateway'`, `from '${index}'`));
  try {
    execFileSync(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, CDK8S_OUTDIR: out }, encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('README |', () => {
  test('the smallest TypeScript app runs and writes the route it describes', () => {
    const out = join(work, 'ts-out');
    runTypeScriptBlock('## The smallest TypeScript app', out);
    const route = readFileSync(join(out, 'team-a/httproute-shared-weather.yaml'), 'utf8');
    expect(route).toContain('value: /team-a/weather/mcp');
    const filter = readFileSync(join(out, 'team-a/agentgatewaypolicy-shared-weather-toolfilter.yaml'), 'utf8');
    expect(filter).toContain('(mcp.tool.name.matches("(?s)^get_.*$")) && !(mcp.tool.name.matches("(?s)^.*delete.*$"))');
  });

  test('the app that adds a ToolGatewayStage to an existing cdk8s app synthesizes both', () => {
    const out = join(work, 'stage-out');
    runTypeScriptBlock('## In an existing cdk8s app', out);
    expect(readdirSync(out).sort()).toStrictEqual(['platform.k8s.yaml', 'team-a.k8s.yaml', 'tool-gateway.k8s.yaml']);
    expect(readFileSync(join(out, 'team-a.k8s.yaml'), 'utf8')).toContain('image: nginx:1.27');
    const compiled = readFileSync(join(out, 'tool-gateway.k8s.yaml'), 'utf8');
    expect(compiled).toContain('kind: HTTPRoute');
    expect(compiled).toContain('value: /team-a/weather/mcp');
    expect(compiled).toContain('example.com/owner: team-a');
  });

  test('the smallest YAML input synthesizes', async () => {
    const input = join(work, 'intent');
    mkdirSync(input);
    writeFileSync(join(input, 'estate.yaml'), block('## The smallest YAML input', 'yaml'));
    const out = join(work, 'yaml-out');
    expect(await main(['synth', '--input', input, '--out', out], quiet)).toBe(0);
    expect(readdirSync(join(out, 'team-b'))).toContain('agentgatewaybackend-shared-github.yaml');
  });

  test('the exposure diff example is what diff prints on the default app', async () => {
    const copy = join(work, 'default-estate-loosened');
    cpSync('examples/default-estate', copy, { recursive: true });
    const file = join(copy, 'team-b.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('deny: ["*delete*"]');
    writeFileSync(file, text.replace('deny: ["*delete*"]', 'deny: ["delete_*"]'));
    const out: string[] = [];
    const code = await main(['diff', '--base', 'examples/default-estate', '--head', copy], {
      out: (line) => out.push(line),
      err: () => {},
    });
    expect(code).toBe(0);
    expect(out.join('\n')).toBe(block('### Exposure diff', 'markdown'));
  });
});
