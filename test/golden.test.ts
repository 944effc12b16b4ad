import { describe, expect, test } from 'vitest';
import { goldenCases, readExpected, synthGoldenCase } from './support/golden.js';

const UPDATE = 'if the change is intended, run `npm run golden:update` and review the diff of test/golden/';

describe('golden cases |', () => {
  test('there are cases, and each has an expected tree', () => {
    expect(goldenCases()).toEqual(expect.arrayContaining(['network-consent', 'runtime-layer', 'worked-example']));
    for (const name of goldenCases())
      expect(readExpected(name).size, `test/golden/${name}/expected is empty; ${UPDATE}`).toBeGreaterThan(0);
  });

  test.each(goldenCases())('%s: synth writes the expected tree byte for byte', (name) => {
    const actual = synthGoldenCase(name);
    const expected = readExpected(name);
    expect.soft([...actual.keys()].sort(), `the files of test/golden/${name}/expected; ${UPDATE}`).toEqual([...expected.keys()].sort());
    for (const [path, text] of actual) {
      const want = expected.get(path);
      if (want === undefined || want.equals(Buffer.from(text, 'utf8'))) continue;
      const wantText = want.toString('utf8');
      if (wantText === text) expect.fail(`test/golden/${name}/expected/${path} is not valid UTF-8; ${UPDATE}`);
      // Soft: vitest prints a line diff of this file and goes on to report every other one.
      expect.soft(text, `test/golden/${name}/expected/${path}; ${UPDATE}`).toBe(wantText);
    }
  });
});
