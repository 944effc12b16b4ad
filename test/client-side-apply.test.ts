import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { writeEstate } from '../bench/scale/generate-estate.js';
import { reconcilerBundle } from '../src/app/reconciler-bundle.js';
import { ToolGatewayApp } from '../src/app/tool-gateway-app.js';
import { defineDefaultEstate } from '../src/main.js';
import { KUSTOMIZATION_FILE } from '../src/emit/file-layout.js';
import { synthYamlInput } from './support/synth-files.js';

/**
 * Client-side apply (`kubectl apply`, and Argo CD's and Flux's default sync) stores each object's
 * JSON in its `kubectl.kubernetes.io/last-applied-configuration` annotation, and the API server
 * caps an object's annotations at 256 KiB together.
 */
const LAST_APPLIED_LIMIT = 262_144;

/** Every object of the synthesized files, as the JSON the apply would store, by `Kind ns/name`. */
function objectJson(files: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, text] of files) {
    // The kustomization lists the files; it is no object, and never applied.
    if (file === KUSTOMIZATION_FILE) continue;
    for (const doc of parseAllDocuments(text, { version: '1.1' })) {
      expect(doc.errors, file).toStrictEqual([]);
      const o = doc.toJS() as { kind: string; metadata: { namespace?: string; name: string } } | null;
      if (o) out.set(`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`, JSON.stringify(o));
    }
  }
  return out;
}

/** The objects whose stored JSON would exceed the limit, with their sizes. */
function tooLarge(objects: ReadonlyMap<string, string>): string[] {
  return [...objects]
    .filter(([, json]) => Buffer.byteLength(json) > LAST_APPLIED_LIMIT)
    .map(([id, json]) => `${id}: ${Buffer.byteLength(json)} bytes`);
}

function expectAllApplicable(objects: ReadonlyMap<string, string>): void {
  expect(tooLarge(objects)).toStrictEqual([]);
  // The real reconciler bundle is among them: the object the limit is about.
  expect(objects.get('ConfigMap tool-gateway/tool-gateway-reconciler-bundle')).toContain('"binaryData"');
}

describe('every emitted object fits client-side apply |', () => {
  test('the check below is not vacuous: an object one byte over the limit is reported, one at it is not', () => {
    // The reconciler bundle itself now fits as plain text (it no longer carries the MCP SDK), so
    // the check is shown to bite on objects made to the limit.
    const at = (n: number) => `{"data":"${'x'.repeat(n - 11)}"}`;
    expect(Buffer.byteLength(at(LAST_APPLIED_LIMIT))).toBe(LAST_APPLIED_LIMIT);
    expect(tooLarge(new Map([['ConfigMap a/at', at(LAST_APPLIED_LIMIT)]]))).toStrictEqual([]);
    expect(tooLarge(new Map([['ConfigMap a/over', at(LAST_APPLIED_LIMIT + 1)]]))).toStrictEqual([
      `ConfigMap a/over: ${LAST_APPLIED_LIMIT + 1} bytes`,
    ]);
    expect(Buffer.byteLength(reconcilerBundle().text)).toBeGreaterThan(10_000);
  });

  test('the default app (npm run synth)', () => {
    const app = new ToolGatewayApp({ outdir: '/nonexistent' });
    defineDefaultEstate(app);
    const result = app.build();
    expect(result.problems.filter((p) => p.severity === 'error')).toStrictEqual([]);
    expectAllApplicable(objectJson(result.files!));
  });

  test('a 200-route estate', { timeout: 300_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tool-gateway-apply-'));
    try {
      writeEstate(dir, 200);
      const objects = objectJson(synthYamlInput(dir));
      expect([...objects.keys()].filter((id) => id.startsWith('HTTPRoute '))).toHaveLength(200);
      expectAllApplicable(objects);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
