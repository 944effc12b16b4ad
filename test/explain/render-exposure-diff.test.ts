import { describe, expect, it } from 'vitest';
import type { ExposureChange } from '../../src/explain/exposure-diff.js';
import { renderExposureJson, renderExposureMarkdown } from '../../src/explain/render-exposure-diff.js';

const change = (o: Partial<ExposureChange>): ExposureChange => ({
  effect: 'changed',
  subject: 'ToolRoute team-a/weather',
  aspect: 'upstream',
  message: 'another upstream',
  ...o,
});

describe('renderExposureMarkdown |', () => {
  it('puts a summary first, then gateways with weakenings, and marks the weakenings', () => {
    const md = renderExposureMarkdown(
      [
        change({
          gateway: 'a/calm',
          route: 'team-a/docs',
          effect: 'strengthened',
          aspect: 'tool filter',
          message: 'newly denies tools',
          example: 'x',
        }),
        change({ gateway: 'z/risky', route: 'team-b/github', effect: 'added', aspect: 'url', message: 'URL added' }),
        change({
          gateway: 'z/risky',
          route: 'team-b/github',
          effect: 'weakened',
          aspect: 'tool filter',
          message: 'newly allows tools',
          example: 'y',
        }),
        change({ subject: 'ToolServer team-a/weather', effect: 'weakened', aspect: 'consent', message: 'may admit namespaces it did not' }),
      ],
      [],
    );
    expect(md.split('\n')).toEqual([
      '**Exposure diff:** 2 weakened, 1 strengthened, 1 added, 0 removed, 0 changed',
      '',
      '### ToolGateway z/risky',
      '',
      '- ToolRoute team-b/github',
      '  - ⚠️ **WEAKENED** tool filter: newly allows tools, e.g. `"y"`',
      '  - **ADDED** url: URL added',
      '',
      '### Tool servers, guards and other workloads',
      '',
      '- ⚠️ **WEAKENED** ToolServer team-a/weather — consent: may admit namespaces it did not',
      '',
      '### ToolGateway a/calm',
      '',
      '- ToolRoute team-a/docs',
      '  - **STRENGTHENED** tool filter: newly denies tools, e.g. `"x"`',
    ]);
  });

  it('cannot be made to inject markup or terminal escapes by a value', () => {
    const md = renderExposureMarkdown(
      [
        change({
          gateway: 'g/x',
          subject: 'ToolRoute a/*b*',
          message: 'see [link](http://x) <img>\u001b[31m',
          from: 'a`b',
          to: '``',
          example: '`\u202e',
        }),
      ],
      ['note _x_'],
    );
    expect(md.includes('\u001b') || md.includes('\u202e')).toBe(false);
    // The escape's backslash is escaped again, so the comment shows it as text.
    expect(md).toContain('see \\[link\\](http://x) \\<img\\>\\\\u001b\\[31m');
    expect(md).toContain('(`` a`b `` → ``` `` ```)');
    expect(md).toContain('e.g. `` "`\\u202e" ``');
    expect(md).toContain('_note \\_x\\__');
  });

  it('lists a gateway’s own change before those of its proxy pods', () => {
    const md = renderExposureMarkdown(
      [
        change({ gateway: 'ns/gw', subject: 'Gateway ns/gw', effect: 'added', aspect: 'reachability', message: 'pods newly may reach it' }),
        change({ gateway: 'ns/gw', subject: 'ToolGateway ns/gw', effect: 'added', aspect: 'gateway', message: 'gateway added' }),
      ],
      [],
    );
    expect(md.split('\n').slice(4)).toEqual([
      '- **ADDED** gateway: gateway added',
      '- **ADDED** Gateway ns/gw — reachability: pods newly may reach it',
    ]);
  });

  it('says so when nothing changes', () => {
    expect(renderExposureMarkdown([], [])).toBe(
      '**Exposure diff:** 0 weakened, 0 strengthened, 0 added, 0 removed, 0 changed\n\nNothing changes in what is exposed, or to whom.',
    );
  });
});

describe('renderExposureJson |', () => {
  it('writes every field, null where absent, and escapes what a terminal would obey', () => {
    const out = JSON.parse(renderExposureJson([change({ message: 'a\u202eb' })], [])) as unknown;
    expect(out).toEqual({
      summary: { weakened: 0, strengthened: 0, added: 0, removed: 0, changed: 1 },
      changes: [
        {
          effect: 'changed',
          gateway: null,
          route: null,
          subject: 'ToolRoute team-a/weather',
          aspect: 'upstream',
          message: 'a\\u202eb',
          example: null,
          from: null,
          to: null,
        },
      ],
      notes: [],
    });
  });
});
