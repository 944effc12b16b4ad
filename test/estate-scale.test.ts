import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeEstate } from '../bench/scale/generate-estate.js';
import { compileEstate } from '../src/compile/compile-estate.js';
import type { EmittedObject } from '../src/contracts/manifest.js';
import { formatProblem, type Problem } from '../src/contracts/problem.js';
import { loadYamlInput } from '../src/intent/load-yaml-input.js';
import { startValidation } from '../src/app/validation-in-worker.js';
import { validateManifests } from '../src/validate/validate-manifests.js';
import { TEST_RUNTIME_ASSETS } from './support/runtime-assets.js';
import { readScaleDigest, SCALE_ROUTES, synthScaleEstate, treeDigest } from './support/estate-digest.js';

describe('a 1,000-route estate |', () => {
  test('synthesizes to exactly the committed output (npm run golden:update rewrites the digest)', () => {
    const files = synthScaleEstate(SCALE_ROUTES);
    const expected = readScaleDigest();
    // The file count first: when it differs, it says more than two digests do.
    expect(files.size).toBe(expected.files);
    expect(treeDigest(files)).toBe(expected.digest);
  });

  test('the digest sees a one-byte change in any file', () => {
    const files = new Map([
      ['a.yaml', 'x: 1\n'],
      ['b.yaml', 'y: 2\n'],
    ]);
    const changed = new Map([...files, ['b.yaml', 'y: 3\n']]);
    const moved = new Map([
      ['a.yaml', 'x: 1\ny'],
      ['b.yaml', ': 2\n'],
    ]);
    expect(treeDigest(changed)).not.toBe(treeDigest(files));
    // Path and content are framed, so moving bytes across a file boundary changes the digest too.
    expect(treeDigest(moved)).not.toBe(treeDigest(files));
    expect(treeDigest(new Map([...files].reverse()))).toBe(treeDigest(files));
  });
});

describe('a 10,000-route estate |', () => {
  // Minutes on a loaded two-core machine; only a hung run should fail on time.
  test('the validation gate checks every object: one broken as the last of 10,000 routes is reported', { timeout: 900_000 }, async () => {
    const problems: Problem[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'tool-gateway-scale-'));
    let objects: readonly EmittedObject[];
    try {
      writeEstate(dir, 10_000);
      const estate = loadYamlInput([dir], problems);
      ({ objects } = compileEstate({ estate, runtimeAssets: TEST_RUNTIME_ASSETS }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(problems.filter((p) => p.severity === 'error')).toStrictEqual([]);
    const routes = objects.filter((o) => o.manifest.kind === 'HTTPRoute');
    expect(routes).toHaveLength(10_000);
    const last = routes.at(-1)!;
    const broken: EmittedObject = {
      ...last,
      manifest: { ...last.manifest, spec: { ...(last.manifest.spec as object), hostnames: ['Not_A_Hostname'] } },
    };
    const withBroken = objects.map((o) => (o === last ? broken : o));
    // The gate as `--jobs 2` runs it, in a worker thread fed in batches, on the other core while
    // this thread runs it in place: both must report the same problems.
    const inWorker = startValidation(withBroken, { inWorker: true });
    const all = validateManifests(withBroken);
    expect(inWorker.inWorker).toBe(true);
    expect(await inWorker.problems).toStrictEqual(all);
    const errors = all.filter((p) => p.severity === 'error');
    expect(errors).toHaveLength(1);
    const line = formatProblem(errors[0]!);
    expect(line).toContain(`HTTPRoute ${last.manifest.metadata.namespace}/${last.manifest.metadata.name}`);
    expect(line).toContain('spec.hostnames[0]');
    expect(line).toContain('Not_A_Hostname');
  });
});
