import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { packageFile } from '../../src/contracts/package-files.js';

describe('scripts/build |', () => {
  test.each(['lib/cli.cjs', 'lib/main.mjs'])('%s bundles the yaml parser without its per-token process.env check', (bundle) => {
    const text = readFileSync(packageFile(bundle), 'utf8');
    // The parser is in the bundle (its error for a bad token)...
    expect(text).toContain('Not a YAML token: ');
    // ...without the debugging switch it would read from process.env for every token.
    expect(text).not.toContain('LOG_TOKENS');
  });
});
