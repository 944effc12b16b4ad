import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runMain } from './support/cli.js';

const MIGRATING = readFileSync('MIGRATING.md', 'utf8');

describe('MIGRATING.md |', () => {
  test('the README links it', () => {
    expect(readFileSync('README.md', 'utf8')).toContain('[MIGRATING.md](MIGRATING.md)');
  });

  test('every tool-gateway flag it names exists in the CLI, so the guide cannot drift from it', async () => {
    // Flags on kubectl lines are kubectl's, and so is the one the checklist repeats.
    const kubectl = new Set(['--cascade']);
    const ours = MIGRATING.split('\n')
      .filter((line) => !line.includes('kubectl'))
      .flatMap((line) => [...line.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]))
      .filter((f) => !kubectl.has(f));
    const flags = [...new Set(ours)].sort();
    expect(flags).toContain('--adopt-class');
    const help = (await runMain(['--help'])).stdout;
    expect(flags.filter((f) => !help.includes(f))).toStrictEqual([]);
  });
});
