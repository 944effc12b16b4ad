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

function expectAllApplicable(objects: ReadonlyMap<string, string>): void {
  const tooLarge = [...objects]
    .filter(([, json]) => Buffer.byteLength(json) > LAST_APPLIED_LIMIT)
    .map(([id, json]) => `${id}: ${Buffer.byteLength(json)} bytes`);
  expect(tooLarge).toStrictEqual([]);
  // The real reconciler bundle is among them: the object the limit is about.
  expect(objects.get('ConfigMap tool-gateway/tool-gateway-reconciler-bundle')).toContain('"binaryData"');
}

describe('every emitted object fits client-side apply |', () => {
  test('the real bundle would not fit as plain text: the check below is not vacuous', () => {
    expect(Buffer.byteLength(JSON.stringify({ data: { 'reconciler.mjs': reconcilerBundle().text } }))).toBeGreaterThan(LAST_APPLIED_LIMIT);
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
