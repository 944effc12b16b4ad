import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dotString, renderDot } from '../../src/explain/render-dot.js';
import type { Topology } from '../../src/explain/topology.js';
import { checkDotSubset } from '../support/dot-subset.js';
import { arbitraryTopology } from '../support/arbitrary-topology.js';

describe('the DOT subset checker |', () => {
  const valid = [
    'digraph topology {',
    '  rankdir=LR;',
    '  subgraph cluster_ns_a {',
    '    label="namespace a";',
    '    gw_a [label="ToolGateway \\"a\\"", shape=hexagon];',
    '  }',
    '  rt_b [label="ToolRoute b", shape=box];',
    '  gw_a -> rt_b [label="allow get_*", style=dashed];',
    '  rt_b -> gw_a;',
    '}',
  ];

  test('accepts the subset', () => {
    expect(checkDotSubset(valid.join('\n'))).toStrictEqual([]);
  });

  test.each([
    ['an unbalanced quote', [...valid.slice(0, -1), '  rt_x [label="a"b"];', '}']],
    ['a string across lines', [...valid.slice(0, -1), '  rt_x [label="a', 'b"];', '}']],
    ['a missing semicolon', [...valid.slice(0, -1), '  rt_x -> rt_b', '}']],
    ['an unclosed graph', valid.slice(0, -1)],
    ['a keyword as id', [...valid.slice(0, -1), '  node [label="x"];', '}']],
    ['a dashed id', [...valid.slice(0, -1), '  rt-x [label="x"];', '}']],
    ['text after the graph', [...valid, 'x']],
  ])('refuses %s', (_, lines) => {
    expect(checkDotSubset(lines.join('\n'))).not.toStrictEqual([]);
  });
});

describe('renderDot |', () => {
  test('strings survive any text: balanced quoting, on one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const s = dotString(text);
        expect(s).not.toMatch(/[\n\r]/);
        expect(checkDotSubset(`digraph g { x [label=${s}]; }`)).toStrictEqual([]);
      }),
    );
  });

  test('any topology renders into the subset, deterministically', () => {
    fc.assert(
      fc.property(arbitraryTopology(), (t: Topology) => {
        const text = renderDot(t);
        expect(checkDotSubset(text)).toStrictEqual([]);
        expect(renderDot(t)).toBe(text);
        expect(text.split('\n').filter((l) => /^ {2}[A-Za-z0-9_]+ -> [A-Za-z0-9_]+/.test(l))).toHaveLength(t.edges.length);
      }),
    );
  });
});
