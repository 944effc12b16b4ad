/**
 * Rewrites test/golden/<case>/expected/ from test/golden/<case>/input/ for every case
 * (npm run golden:update). Review the resulting diff of test/golden/ like any other change.
 */
import { goldenCases, readExpected, synthGoldenCase, writeExpected } from '../test/support/golden.js';

for (const name of goldenCases()) {
  const before = readExpected(name);
  const files = synthGoldenCase(name);
  writeExpected(name, files);
  const changed = [...files].filter(([path, text]) => !before.get(path)?.equals(Buffer.from(text))).length;
  const removed = [...before.keys()].filter((path) => !files.has(path)).length;
  console.log(`test/golden/${name}/expected: ${files.size} file(s); ${changed} written, ${removed} removed`);
}
