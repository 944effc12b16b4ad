import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { writeOutput } from '../../src/emit/write-output.js';
import { KUSTOMIZATION_FILE } from '../../src/emit/file-layout.js';
import { synthGoldenCase } from '../support/golden.js';

/**
 * `kubectl kustomize <dir>` must build exactly the objects of the files synth wrote: the
 * kustomization lists every file, and no other. CI machines have kubectl, like this one; a
 * machine without it fails here rather than skipping the check.
 */
function kustomize(dir: string): unknown[] {
  const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(
      `kubectl is needed to check dist/kustomization.yaml but could not be run (${probe.error.message}); install it, e.g. apt-get install kubernetes-client`,
    );
  }
  const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return parseAllDocuments(out).map((d) => d.toJS() as unknown);
}

/** Every object in every `*.yaml` below `dir` except the kustomization, as the files hold them. */
function objectsOnDisk(dir: string): unknown[] {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml') && f !== KUSTOMIZATION_FILE)
    .sort();
  return files.flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as unknown));
}

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

const idOf = (o: unknown) => {
  const { apiVersion, kind, metadata } = o as Obj;
  return `${apiVersion}|${kind}|${metadata.namespace ?? ''}|${metadata.name}`;
};

function byId(objects: unknown[]): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const o of objects) {
    expect(map.has(idOf(o)), `${idOf(o)} appears twice`).toBe(false);
    map.set(idOf(o), o);
  }
  return map;
}

function expectSameSet(dir: string): void {
  const built = byId(kustomize(dir));
  const onDisk = byId(objectsOnDisk(dir));
  expect(onDisk.size).toBeGreaterThan(0);
  expect([...built.keys()].sort()).toStrictEqual([...onDisk.keys()].sort());
  for (const [id, object] of onDisk) expect(built.get(id), id).toStrictEqual(object);
}

const tmp = mkdtempSync(join(tmpdir(), 'kustomize-build-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('kubectl kustomize |', () => {
  test('builds the committed dist/ into exactly the objects of its files', () => {
    expectSameSet('dist');
  });

  test('builds a freshly synthesized output into exactly the objects of its files', () => {
    const out = join(tmp, 'worked-example');
    writeOutput(out, synthGoldenCase('worked-example'));
    expectSameSet(out);
  });
});
