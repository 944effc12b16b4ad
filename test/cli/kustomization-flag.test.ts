import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ToolGatewayApp } from '../../src/app/tool-gateway-app.js';
import { KUSTOMIZATION_FILE } from '../../src/emit/file-layout.js';
import { defineDefaultEstate } from '../../src/main.js';

const work = mkdtempSync(join(tmpdir(), 'tool-gateway-kustomization-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => out.push(l) });
  return { code, out: out.join('\n') };
}

const yamlFiles = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort();

describe('kustomization.yaml |', () => {
  test('synth writes it by default, --check covers it, and --no-kustomization removes it as a stale file', async () => {
    const dir = join(work, 'out');
    const synth = (...flags: string[]) => run('synth', '--input', 'examples/default-estate', '--out', dir, ...flags);
    expect((await synth()).code).toBe(0);
    expect(existsSync(join(dir, KUSTOMIZATION_FILE))).toBe(true);
    const withIt = yamlFiles(dir);
    expect((await synth('--check')).code).toBe(0);

    const check = await synth('--check', '--no-kustomization');
    expect(check.code).toBe(1);
    expect(check.out).toContain(KUSTOMIZATION_FILE);

    expect((await synth('--no-kustomization')).code).toBe(0);
    expect(yamlFiles(dir)).toStrictEqual(withIt.filter((f) => f !== KUSTOMIZATION_FILE));
    expect((await synth('--check', '--no-kustomization')).code).toBe(0);
    expect((await synth('--check')).code).toBe(1);
  });

  test('validate and explain read an output holding it', async () => {
    const dir = join(work, 'read-back');
    expect((await run('synth', '--input', 'examples/default-estate', '--out', dir)).code).toBe(0);
    const validate = await run('validate', dir);
    expect(validate.out).toBe(`${yamlFiles(dir).length - 1} object(s) valid`);
    expect(validate.code).toBe(0);
    expect((await run('explain', 'team-a/deployment/weather', '--manifests', dir)).code).toBe(0);
  });

  test('the app prop turns it off; it is on by default', () => {
    const files = (kustomization?: boolean) => {
      const app = new ToolGatewayApp({ outdir: '/nonexistent', kustomization });
      defineDefaultEstate(app);
      return [...(app.build().files ?? new Map<string, string>()).keys()];
    };
    const on = files(undefined);
    expect(on).toContain(KUSTOMIZATION_FILE);
    expect(files(true)).toStrictEqual(on);
    expect(files(false)).toStrictEqual(on.filter((f) => f !== KUSTOMIZATION_FILE));
  });
});
