import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CONSTANTS_SOURCES, loadModule, renderConstants } from '../../scripts/generate-kind-constants.js';
import { packageFile } from '../../src/contracts/package-files.js';

/** A compiled TypeScript enum without the reverse entries of its numeric members (`"301": "VALUE_301"`). */
function forwardMembers(e: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(e).filter(([key]) => !/^\d+$/.test(key)));
}

describe.each(CONSTANTS_SOURCES)('$file |', (source) => {
  test('is what the generator writes from the generated module as it is now', async () => {
    const committed = readFileSync(packageFile(source.file), 'utf8');
    expect(committed, `${source.file} is stale: run node --import tsx scripts/generate-kind-constants.ts`).toBe(
      renderConstants(source, await loadModule(source)),
    );
  });

  test("holds every class's GVK and every enum's members, equal to the generated module's", async () => {
    const generated = await loadModule(source);
    const constants = (await import(packageFile(source.file))) as Record<string, unknown>;
    const classes = Object.entries(generated).filter((e): e is [string, { GVK: object }] => typeof e[1] === 'function' && 'GVK' in e[1]);
    const enums = Object.entries(generated).filter((e): e is [string, object] => typeof e[1] === 'object' && e[1] !== null);
    expect(classes.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(constants).sort()).toStrictEqual([...classes, ...enums].map(([name]) => name).sort());
    for (const [name, cls] of classes) {
      expect(constants[name], name).toStrictEqual({ GVK: { ...cls.GVK } });
    }
    for (const [name, e] of enums) expect(constants[name], name).toStrictEqual(forwardMembers(e));
  });
});

test('a numeric enum keeps its numbers and loses only the reverse entries', async () => {
  const { HttpRouteSpecRulesFiltersRequestRedirectStatusCode: constant } = await import(
    '../../imports/gateway.networking.k8s.io.constants.js'
  );
  const { HttpRouteSpecRulesFiltersRequestRedirectStatusCode: generated } = await import('../../imports/gateway.networking.k8s.io.js');
  expect(constant.VALUE_301).toBe(301);
  expect(generated[301]).toBe('VALUE_301');
  expect(Object.values(constant)).toStrictEqual([301, 302, 303, 307, 308]);
});
