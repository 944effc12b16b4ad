import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mermaidLabel, renderMermaid } from '../../src/explain/render-mermaid.js';
import { nodeId, type Topology } from '../../src/explain/topology.js';
import { checkMermaidSubset, decodeMermaidLabel } from '../support/mermaid-subset.js';
import { arbitraryTopology } from '../support/arbitrary-topology.js';

describe('the Mermaid subset checker |', () => {
  const valid = [
    'flowchart LR',
    '  subgraph ns_a["namespace a"]',
    '    gw_a{{"ToolGateway a #34;quoted#34;"}}',
    '    rt_b["ToolRoute b"]',
    '  end',
    '  peer_c("anything")',
    '  ts_d(["ToolServer d"])',
    '  guard_e[["Guard e"]]',
    '  gw_a -->|"allow get_*"| rt_b',
    '  rt_b --> ts_d',
    '  peer_c -.->|"network: TCP 80"| gw_a',
  ];

  test('accepts the subset', () => {
    expect(checkMermaidSubset(valid.join('\n'))).toStrictEqual([]);
  });

  test.each([
    ['another header', ['graph TD', ...valid.slice(1)]],
    ['a raw quote in a label', [...valid, '  rt_x["a"b"]']],
    ['an unquoted label', [...valid, '  rt_x[plain]']],
    ['a newline in a label', [...valid, '  rt_x["a', 'b"]']],
    ['a stray #', [...valid, '  rt_x["a #b"]']],
    ['HTML in a label', [...valid, '  rt_x["<b>x</b>"]']],
    ['a reserved id', [...valid, '  end["x"]']],
    ['an id Mermaid glues to an arrow', [...valid, '  oops["x"]']],
    ['an id with a dash', [...valid, '  rt-x["x"]']],
    ['an edge to an undeclared node', [...valid, '  rt_b --> nowhere']],
    ['an unterminated subgraph', [...valid, '  subgraph ns_z["z"]']],
    ['a nested subgraph', ['flowchart LR', '  subgraph ns_a["a"]', '  subgraph ns_b["b"]', '  end', '  end']],
    ['an empty line', [...valid, '']],
    ['a node declared twice', [...valid, '  rt_b["again"]']],
  ])('refuses %s', (_, lines) => {
    expect(checkMermaidSubset(lines.join('\n'))).not.toStrictEqual([]);
  });

  test('decodes entities back to the text', () => {
    expect(decodeMermaidLabel('"a #34;b#34; #35;1 #60;x#62;"')).toBe('a "b" #1 <x>');
  });
});

describe('renderMermaid |', () => {
  test('labels survive any text: the checker accepts them and they decode to the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const label = mermaidLabel(text);
        expect(checkMermaidSubset(`flowchart LR\n  rt_x[${label}]`)).toStrictEqual([]);
        expect(decodeMermaidLabel(label)).toBe(text);
      }),
    );
  });

  test('node ids are identifiers and distinct keys give distinct ids', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(nodeId('rt', a)).toMatch(/^rt_[A-Za-z0-9_]*$/);
        if (a !== b) expect(nodeId('rt', a)).not.toBe(nodeId('rt', b));
      }),
    );
  });

  test('any topology renders into the subset, deterministically', () => {
    fc.assert(
      fc.property(arbitraryTopology(), (t: Topology) => {
        const text = renderMermaid(t);
        expect(checkMermaidSubset(text)).toStrictEqual([]);
        expect(renderMermaid(t)).toBe(text);
        // Every edge appears, so nothing is silently dropped by the renderer.
        expect(text.split('\n').filter((l) => /^ {2}[A-Za-z0-9_]+ -(?:-|\.-)>/.test(l))).toHaveLength(t.edges.length);
      }),
    );
  });
});
