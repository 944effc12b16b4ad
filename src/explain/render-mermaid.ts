import { compareStrings } from '../contracts/json.js';
import { nodeId, type NodeShape, type Topology } from './topology.js';

const SHAPES: Readonly<Record<NodeShape, readonly [string, string]>> = {
  gateway: ['{{', '}}'],
  route: ['[', ']'],
  upstream: ['([', '])'],
  guard: ['[[', ']]'],
  peer: ['(', ')'],
};

/**
 * Text for a quoted Mermaid label. Inside quotes Mermaid ends the label only at `"`, but it
 * decodes `#…;` entities and renders `<…>` as HTML, so those characters, and every character
 * that is not plain printable ASCII, are written as numeric entities.
 */
export function mermaidLabel(text: string): string {
  let out = '';
  for (const ch of text) out += /^[A-Za-z0-9 _.,:;=*?!@$%^+'/\\()[\]{}|~-]$/.test(ch) ? ch : `#${ch.codePointAt(0) ?? 0};`;
  return `"${out}"`;
}

/** The topology as a Mermaid flowchart, left to right, with one subgraph per namespace. */
export function renderMermaid(t: Topology): string {
  const lines = ['flowchart LR'];
  const node = (n: Topology['nodes'][number]): string => {
    const [open, close] = SHAPES[n.shape];
    return `${n.id}${open}${mermaidLabel(n.label)}${close}`;
  };
  const namespaces = [...new Set(t.nodes.flatMap((n) => (n.namespace === undefined ? [] : [n.namespace])))].sort(compareStrings);
  for (const ns of namespaces) {
    lines.push(`  subgraph ${nodeId('ns', ns)}[${mermaidLabel(`namespace ${ns}`)}]`);
    for (const n of t.nodes.filter((x) => x.namespace === ns)) lines.push(`    ${node(n)}`);
    lines.push('  end');
  }
  for (const n of t.nodes.filter((x) => x.namespace === undefined)) lines.push(`  ${node(n)}`);
  for (const e of t.edges) {
    const arrow = e.style === 'solid' ? '-->' : '-.->';
    lines.push(`  ${e.from} ${arrow}${e.label === undefined ? '' : `|${mermaidLabel(e.label)}|`} ${e.to}`);
  }
  return lines.join('\n');
}
