import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toolFilterExpression, type ToolFilterPatterns } from '../../../src/compile/routes/tool-filter-cel.js';
import { toolFilterFromCel } from '../../../src/compile/routes/tool-filter-from-cel.js';

// Printable characters only (patterns never hold control characters), with every character the
// translation escapes, quotes and the separators the expression uses.
const glob = fc
  .array(fc.constantFrom('a', 'b', '*', '?', '.', '\\', '"', '|', ' ', '(', ')', '&', '!', '$', '^', 'é', '😀'), {
    minLength: 1,
    maxLength: 8,
  })
  .map((cs) => cs.join(''));

describe('toolFilterFromCel |', () => {
  it('reads back every filter synth compiles', () => {
    fc.assert(
      fc.property(fc.array(glob, { maxLength: 3 }), fc.array(glob, { maxLength: 3 }), (allow, deny) => {
        const filter: ToolFilterPatterns = { ...(allow.length ? { allow } : {}), ...(deny.length ? { deny } : {}) };
        const expression = toolFilterExpression(filter);
        if (expression === undefined) return;
        expect(toolFilterFromCel(expression)).toEqual(filter);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses an expression synth would not write', () => {
    expect(toolFilterFromCel('true')).toBeUndefined();
    expect(toolFilterFromCel('mcp.tool.name.matches("^get_.*$")')).toBeUndefined();
    expect(toolFilterFromCel('mcp.tool.name == "a" || true')).toBeUndefined();
    expect(toolFilterFromCel('mcp.tool.name == "a*"')).toBeUndefined();
    expect(toolFilterFromCel('!(mcp.tool.name == "a") && true')).toBeUndefined();
  });
});
