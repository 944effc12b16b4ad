import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { runMain } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'tool-gateway-reconciler-scale-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const synth = (out: string, ...flags: string[]) => runMain(['synth', '--input', 'examples/default-estate', '--out', out, ...flags]);

describe('tool-gateway synth --reconciler-replicas / --reconciler-shards |', () => {
  test('reach the Deployment and the plan', async () => {
    const out = join(work, 'scaled');
    const r = await synth(out, '--reconciler-replicas', '3', '--reconciler-shards', '6');
    expect(r.code, r.stderr).toBe(0);
    const deployment = parse(readFileSync(join(out, 'tool-gateway/deployment-tool-gateway-reconciler.yaml'), 'utf8'));
    expect(deployment.spec.replicas).toBe(3);
    const plan = JSON.parse(
      parse(readFileSync(join(out, 'tool-gateway/configmap-tool-gateway-reconciler-plan.yaml'), 'utf8')).data['plan.json'],
    );
    expect(plan.leases).toStrictEqual({ namespace: 'tool-gateway', name: 'tool-gateway-reconciler', shards: 6, replicas: 3 });
  });

  test('a value that is not a whole number is a usage error, echoed escaped', async () => {
    const r = await synth(join(work, 'never'), '--reconciler-replicas', 'two\u001b[31m');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('--reconciler-replicas must be a whole number, got "two\\u001b[31m"');
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  test('out of range: one error line per flag, nothing written', async () => {
    const r = await synth(join(work, 'never'), '--reconciler-replicas', '0', '--reconciler-shards', '65');
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toStrictEqual([
      'error: reconciler.replicas: 0 is not allowed (--reconciler-replicas); give a whole number from 1 to 16',
      'error: reconciler.shards: 65 is not allowed (--reconciler-shards); give a whole number from 1 to 64',
      '2 error(s); nothing was written',
    ]);
    expect(existsSync(join(work, 'never'))).toBe(false);
  });
});
