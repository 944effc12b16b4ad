import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOOLS_DISCOVERED_FAILURES } from '../../src/contracts/status.js';

describe('ToolsDiscovered failure reasons |', () => {
  it('the README table lists exactly the reasons the reconciler writes, with the same meaning', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    // Prettier pads the cells, so the table is found and read by pattern.
    const at = readme.search(/\| reason +\| when +\|/);
    expect(at).toBeGreaterThan(0);
    const rows = readme
      .slice(at)
      .split('\n')
      .slice(2)
      .map((l) => l.trim())
      .filter((_, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('|')));
    const table = Object.fromEntries(
      rows.map((r) => {
        const [, reason, when] = /^\| `(\w+)` +\| (.*?) +\|$/.exec(r) ?? [];
        return [reason, when];
      }),
    );
    expect(table).toEqual(TOOLS_DISCOVERED_FAILURES);
  });
});
