import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { celCoverage } from '../../src/validate/cel-coverage.js';
import { DEFAULT_SCHEMA_DIR, type KindSchema } from '../../src/validate/schema-registry.js';

function pinnedKinds(): KindSchema[] {
  return readdirSync(DEFAULT_SCHEMA_DIR)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) =>
      Object.values((JSON.parse(readFileSync(path.join(DEFAULT_SCHEMA_DIR, f), 'utf8')) as { kinds: Record<string, KindSchema> }).kinds),
    );
}

describe('celCoverage |', () => {
  test('every CEL rule in the pinned schemas compiles, and none is skipped for a missing function', () => {
    const coverage = celCoverage(pinnedKinds());
    expect(coverage.invalid).toEqual([]);
    expect(coverage.unsupported).toEqual([]);
    // GatewayClass controllerName is immutable; that is the only rule about updates.
    expect(coverage.transition).toEqual(['self == oldSelf']);
    expect(coverage.checked).toBe(coverage.rules - 1);
    expect(coverage.rules).toBeGreaterThan(150);
  });

  test('reports rules that call unimplemented functions, with the number of places they appear', () => {
    const rule = { 'x-kubernetes-validations': [{ rule: 'self.isSorted() && url(self[0]).getHost() != ""' }] };
    const schema = { type: 'object', properties: { a: { type: 'array', ...rule }, b: { type: 'array', ...rule } } };
    expect(celCoverage([{ schema }]).unsupported).toEqual([
      { rule: 'self.isSorted() && url(self[0]).getHost() != ""', functions: ['getHost', 'isSorted', 'url'], uses: 2 },
    ]);
  });
});
