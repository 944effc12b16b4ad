import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';

const work = mkdtempSync(join(tmpdir(), 'tool-gateway-flags-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `tool-gateway synth` in-process on the default estate; returns the written file paths. */
async function synth(name: string, ...flags: string[]): Promise<{ code: number; files: string[]; dir: string; err: string }> {
  const dir = join(work, name);
  const err: string[] = [];
  const code = await main(['synth', '--input', 'examples/default-estate', '--out', dir, ...flags], {
    out: () => {},
    err: (l) => err.push(l),
  });
  const files = code === 0 ? (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml')).sort() : [];
  return { code, files, dir, err: err.join('\n') };
}

describe('tool-gateway synth | reconciler flags', () => {
  test('by default writes the carriers, CRDs under _crds/ and the reconciler', async () => {
    const { code, files } = await synth('default');
    expect(code).toBe(0);
    expect(files.filter((f) => f.startsWith('_crds/'))).toHaveLength(5);
    expect(files).toContain('tool-gateway/deployment-tool-gateway-reconciler.yaml');
    expect(files).toContain('team-a/toolroute-weather.yaml');
  });

  test('--no-crds leaves the CRDs out and marks the carriers for Argo CD', async () => {
    const { code, files, dir } = await synth('no-crds', '--no-crds');
    expect(code).toBe(0);
    expect(files.filter((f) => f.startsWith('_crds/'))).toStrictEqual([]);
    const route = parse(readFileSync(join(dir, 'team-a/toolroute-weather.yaml'), 'utf8'));
    expect(route.metadata.annotations).toStrictEqual({
      'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
      'argocd.argoproj.io/sync-wave': '4',
    });
  });

  test('--reconciler-image runs a prebuilt image and ships no bundle', async () => {
    const { code, files, dir } = await synth('image', '--reconciler-image', 'registry.example.com/tgw-reconciler:1.2.3');
    expect(code).toBe(0);
    expect(files).not.toContain('tool-gateway/configmap-tool-gateway-reconciler-bundle.yaml');
    const d = parse(readFileSync(join(dir, 'tool-gateway/deployment-tool-gateway-reconciler.yaml'), 'utf8'));
    expect(d.spec.template.spec.containers[0].image).toBe('registry.example.com/tgw-reconciler:1.2.3');
  });

  test('--no-reconciler emits neither carriers nor reconciler', async () => {
    const { code, files } = await synth('off', '--no-reconciler');
    expect(code).toBe(0);
    expect(files.filter((f) => /toolroute-|toolgateway-|reconciler|_crds|_cluster/.test(f))).toStrictEqual([]);
  });
});
