import { describe, expect, test } from 'vitest';
import { ToolFilter } from '../../src/constructs/tool-filter.js';

describe('ToolFilter |', () => {
  test('collects allow and deny patterns in order, from either starting point', () => {
    expect(ToolFilter.allow('get_*', 'list_*').deny('*_admin')._toSpec()).toStrictEqual({ allow: ['get_*', 'list_*'], deny: ['*_admin'] });
    expect(ToolFilter.deny('*delete*').allow('search_*').allow('get_issue')._toSpec()).toStrictEqual({
      allow: ['search_*', 'get_issue'],
      deny: ['*delete*'],
    });
    expect(ToolFilter.allow()._toSpec()).toStrictEqual({});
  });

  test('is immutable: each call returns a new filter', () => {
    const base = ToolFilter.allow('get_*');
    const narrowed = base.deny('get_secret');
    expect(base._toSpec()).toStrictEqual({ allow: ['get_*'] });
    expect(narrowed._toSpec()).toStrictEqual({ allow: ['get_*'], deny: ['get_secret'] });
    expect(narrowed.allowPatterns).toStrictEqual(['get_*']);
    expect(narrowed.denyPatterns).toStrictEqual(['get_secret']);
  });
});
