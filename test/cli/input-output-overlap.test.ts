import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inputOutputOverlap } from '../../src/cli/input-output-overlap.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tool-gateway-overlap-'));
  mkdirSync(join(root, 'in'));
  writeFileSync(join(root, 'in/a.yaml'), '');
  symlinkSync('in', join(root, 'link'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('inputOutputOverlap', () => {
  it('allows separate directories, also siblings whose names share a prefix', () => {
    expect(inputOutputOverlap([join(root, 'in')], join(root, 'out'))).toBeUndefined();
    expect(inputOutputOverlap([join(root, 'in')], join(root, 'in-out'))).toBeUndefined();
    expect(inputOutputOverlap([join(root, 'in')], join(root, '..in'))).toBeUndefined();
  });

  it('refuses the same directory, through a symlink too', () => {
    expect(inputOutputOverlap([join(root, 'in')], join(root, 'link'))).toMatch(/is the same directory as --input/);
  });

  it('refuses an --out inside an input, even one that does not exist yet', () => {
    expect(inputOutputOverlap([join(root, 'in')], join(root, 'link/new/out'))).toMatch(/is inside --input/);
  });

  it('refuses an --out that contains an input file or directory', () => {
    expect(inputOutputOverlap([join(root, 'link/a.yaml')], root)).toMatch(/contains --input/);
    const other = mkdtempSync(join(tmpdir(), 'tool-gateway-overlap-other-'));
    try {
      // The second input is the one named.
      expect(inputOutputOverlap([other, join(root, 'in')], root)).toMatch(/contains --input ".*\/in"/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
