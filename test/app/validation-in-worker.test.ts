import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startValidation } from '../../src/app/validation-in-worker.js';
import type { EmittedObject } from '../../src/contracts/manifest.js';
import { validateManifests } from '../../src/validate/validate-manifests.js';

const work = mkdtempSync(join(tmpdir(), 'tgw-validation-worker-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * `count` ConfigMaps across namespaces, some of them broken in ways each check of the gate
 * finds: a bad name (object rules), a duplicate far from its first (object rules across
 * batches), a wrong type (schema), an unknown field (schema).
 */
function estate(count: number): EmittedObject[] {
  const objects: EmittedObject[] = [];
  for (let i = 0; i < count; i++) {
    const data: Record<string, unknown> = { index: String(i) };
    const manifest: Record<string, unknown> = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}`, namespace: `team-${i % 7}` },
      data,
    };
    if (i % 997 === 3) (manifest.metadata as Record<string, unknown>).name = `Bad_Name_${i}`;
    if (i % 1_301 === 5) data.count = 3;
    if (i % 1_700 === 11) manifest.spec = { x: 1 };
    objects.push({
      manifest: manifest as EmittedObject['manifest'],
      provenance: { intent: { kind: 'ToolRoute', namespace: 'team-0', name: `r-${i}` } },
    });
  }
  // The same object as #1, as the last one: the duplicate check must span every batch.
  objects.push({ manifest: structuredClone(objects[1]!.manifest) });
  return objects;
}

describe('startValidation |', () => {
  const objects = estate(2_600);
  const inline = validateManifests(objects);

  test('the estate has problems of every kind the worker must find', () => {
    const messages = inline.map((p) => p.message).join('\n');
    expect(messages).toContain('name is not a DNS-1123 subdomain');
    expect(messages).toContain('unknown field "spec"');
    expect(messages).toContain('duplicate object: ConfigMap team-1/cm-1');
    expect(messages).toContain('value 3 is an integer; expected a string');
    expect(inline.length).toBeGreaterThan(6);
  });

  test('in a worker, in batches, finds exactly the problems of the in-thread gate, in the same order', async () => {
    const pending = startValidation(objects, { inWorker: true });
    expect(pending.inWorker).toBe(true);
    expect(await pending.problems).toStrictEqual(inline);
  });

  test('without a worker script, runs the gate in this thread', async () => {
    const pending = startValidation(objects, { inWorker: true, workerFile: join(work, 'missing.mjs') });
    expect(pending.inWorker).toBe(false);
    expect(await pending.problems).toStrictEqual(inline);
  });

  test('when the worker fails, runs the gate in this thread: it is never skipped', async () => {
    const broken = join(work, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('worker failed to load');\n");
    const pending = startValidation(objects, { inWorker: true, workerFile: broken });
    expect(pending.inWorker).toBe(true);
    expect(await pending.problems).toStrictEqual(inline);
  });

  test('by default runs in this thread', async () => {
    const pending = startValidation(objects.slice(0, 10));
    expect(pending.inWorker).toBe(false);
    expect(await pending.problems).toStrictEqual(validateManifests(objects.slice(0, 10)));
  });
});
