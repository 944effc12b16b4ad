import fc from 'fast-check';
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../support/cli.js';
import { mutate, mutation, SECRET, validEstateDocs } from '../support/hostile-mutations.js';
import { readTree } from '../support/file-tree.js';

/** Child processes cost about a second each: a sample of the in-process fuzz test's cases. */
const RUNS = Number(process.env.FUZZ_CLI_RUNS ?? 40);

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
        const before = readTree(out, 'latin1');
        const r = runCli(['synth', '--input', input, '--out', out]);
        expect([0, 1], r.stderr).toContain(r.code);
        expect(r.stderr).not.toMatch(CRASH);
        expect(r.stdout + r.stderr).not.toContain(SECRET);
        const after = readTree(out, 'latin1');
        if (r.code === 1) expect(after).toStrictEqual(before);
        for (const content of Object.values(after)) expect(content).not.toContain(SECRET);
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: RUNS },
    );
  });
});
