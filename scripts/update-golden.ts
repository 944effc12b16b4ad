/**
 * Rewrites test/golden/<case>/expected/ from test/golden/<case>/input/ for every case
 * (npm run golden:update). Review the resulting diff of test/golden/ like any other change.
 */
import { SCALE_ROUTES, synthScaleEstate, writeScaleDigest } from '../test/support/estate-digest.js';
import { goldenCases, readExpected, synthGoldenCase, writeExpected } from '../test/support/golden.js';

for (const name of goldenCases()) {
  const before = readExpected(name);
  const files = synthGoldenCase(name);
  writeExpected(name, files);
  const changed = [...files].filter(([path, text]) => !before.get(path)?.equals(Buffer.from(text))).length;
  const removed = [...before.keys()].filter((path) => !files.has(path)).length;
  console.log(`test/golden/${name}/expected: ${files.size} file(s); ${changed} written, ${removed} removed`);
}

// The benchmark's 1,000-route estate is pinned by a digest instead of files.
const scale = synthScaleEstate(SCALE_ROUTES);
writeScaleDigest(scale);
console.log(`test/golden/estate-${SCALE_ROUTES}-routes.sha256: ${scale.size} file(s)`);
