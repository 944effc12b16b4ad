import { parse } from '@bufbuild/cel';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { packageFile } from '../../src/contracts/package-files.js';
import { generateCelAstFiles } from '../../src/validate/cel-ast-codegen.js';
import { encodeCelAst } from '../../src/validate/cel-ast-codec.js';
import {
  celAstFile,
  celAstFileName,
  PRECOMPILED_CEL_DIR,
  PrecompiledCelAsts,
  shippedCelAsts,
} from '../../src/validate/precompiled-cel-asts.js';

const scratch = mkdtempSync(join(tmpdir(), 'precompiled-cel-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const RULE = "self.name.startsWith('a') && size(self.items) <= 8u";

describe('parsed CEL rules from the build |', () => {
  test('the build output is what the generator writes now, byte for byte, one file per rule text', () => {
    const generated = generateCelAstFiles();
    expect(generated.size).toBeGreaterThan(150);
    expect(generateCelAstFiles()).toEqual(generated);
    const dir = packageFile(PRECOMPILED_CEL_DIR);
    const onDisk = new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
    expect([...onDisk.keys()].sort()).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated) expect(onDisk.get(name), name).toBe(text);
  });

  test('each shipped tree is the parse of the text its file is named after', () => {
    const dir = packageFile(PRECOMPILED_CEL_DIR);
    for (const name of readdirSync(dir)) {
      const text = JSON.parse(readFileSync(join(dir, name), 'utf8').split('\n')[0] ?? '') as string;
      expect(celAstFileName(text)).toBe(name);
      expect(shippedCelAsts().parsed(text), text).toStrictEqual(parse(text));
    }
  });

  test('a text with no file, a file holding another text, a file that does not read, or no folder give no tree', () => {
    const dir = join(scratch, 'trees');
    const store = new PrecompiledCelAsts(dir);
    expect(store.parsed(RULE)).toBeUndefined();
    mkdirSync(dir);
    expect(store.parsed(RULE)).toBeUndefined();
    writeFileSync(join(dir, celAstFileName(RULE)), celAstFile(RULE, encodeCelAst(parse(RULE))));
    expect(store.parsed(RULE)).toStrictEqual(parse(RULE));
    // A file under the right name that was written for another text (a collision, a hand edit).
    writeFileSync(join(dir, celAstFileName(RULE)), celAstFile('true', encodeCelAst(parse('true'))));
    expect(store.parsed(RULE)).toBeUndefined();
    writeFileSync(join(dir, celAstFileName(RULE)), `${JSON.stringify(RULE)}\n{"$typeName":`);
    expect(store.parsed(RULE)).toBeUndefined();
  });
});
