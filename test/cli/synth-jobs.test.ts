import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runMain } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'tool-gateway-jobs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function tree(dir: string): Record<string, string> {
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml')).sort();
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('tool-gateway synth --jobs |', () => {
  test('--jobs 2 (the gate in a worker thread) writes exactly what --jobs 1 writes', async () => {
    const one = join(work, 'one');
    const two = join(work, 'two');
    expect((await runMain(['synth', '--input', 'examples/default-estate', '--out', one])).code).toBe(0);
    const r = await runMain(['synth', '--input', 'examples/default-estate', '--out', two, '--jobs', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(tree(two)).toStrictEqual(tree(one));
    expect(Object.keys(tree(two)).length).toBeGreaterThan(30);
    expect((await runMain(['synth', '--input', 'examples/default-estate', '--out', two, '--jobs', '2', '--check'])).code).toBe(0);
  });

  test('--jobs takes 1 or 2', async () => {
    const r = await runMain(['synth', '--input', 'examples/default-estate', '--out', join(work, 'never'), '--jobs', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('--jobs must be 1 or 2, got "3"');
  });
});
