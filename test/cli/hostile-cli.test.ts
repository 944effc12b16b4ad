import fc from 'fast-check';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../support/cli.js';
import { mutate, mutation, SECRET, validEstateDocs } from '../support/hostile-mutations.js';

/** Child processes cost about a second each: a sample of the in-process fuzz test's cases. */
const RUNS = Number(process.env.FUZZ_CLI_RUNS ?? 40);

/** Every file below `dir` with its bytes, so a tree can be compared before and after a run. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const full = join(d, e);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full, 'latin1'));
    }
  };
  walk(dir);
  return out;
}

/** A V8 stack frame, or an uncaught error's name at the start of a line. */
const CRASH = /^\s+at .+:\d+:\d+\)?$|^(Type|Range|Reference|Syntax|Internal)?Error\b|^Uncaught/m;

describe('hostile input | the CLI binary', () => {
  let root: string;
  let previous: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tool-gateway-hostile-'));
    // A committed dist/ from an earlier good run: a failing run must leave it byte for byte.
    previous = join(root, 'previous');
    const r = runCli(['synth', '--input', 'test/golden/worked-example/input', '--out', previous]);
    expect(r.code, r.stderr).toBe(0);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test(`${RUNS} mutated estates through synth: exit 0 or 1, no stack trace, no secret, --out untouched on error`, () => {
    let n = 0;
    fc.assert(
      fc.property(validEstateDocs, fc.array(mutation, { minLength: 1, maxLength: 4 }), (base, mutations) => {
        const dir = join(root, `case-${n++}`);
        const input = join(dir, 'intent');
        const out = join(dir, 'dist');
        mkdirSync(input, { recursive: true });
        cpSync(previous, out, { recursive: true });
        const docs = mutate(base, mutations);
        writeFileSync(join(input, 'estate.yaml'), docs.map((d) => stringify(d, { version: '1.1' })).join('---\n'));
        const before = tree(out);
        const r = runCli(['synth', '--input', input, '--out', out]);
        expect([0, 1], r.stderr).toContain(r.code);
        expect(r.stderr).not.toMatch(CRASH);
        expect(r.stdout + r.stderr).not.toContain(SECRET);
        const after = tree(out);
        if (r.code === 1) expect(after).toStrictEqual(before);
        for (const content of after.values()) expect(content).not.toContain(SECRET);
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: RUNS },
    );
  });
});
