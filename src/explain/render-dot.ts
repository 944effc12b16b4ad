import { compareStrings } from '../contracts/json.js';
import { nodeId, type NodeShape, type Topology } from './topology.js';

const SHAPES: Readonly<Record<NodeShape, string>> = {
  gateway: 'hexagon',
  route: 'box',
  upstream: 'cylinder',
  guard: 'octagon',
  peer: 'ellipse',
};

/**
 * A DOT quoted string. DOT ends it at an unescaped `"` and reads `\` escapes (`\n`, `\l`) in
 * labels, so both are escaped; control and other non-printable characters become `\uXXXX` text,
 * shown rather than interpreted.
 */
export function dotString(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (/^[\x20-\x7e]$/.test(ch) || /^[\p{L}\p{N}]$/u.test(ch)) out += ch;
    else out += `\\\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
  }
  return `"${out}"`;
}

/** The topology as a Graphviz digraph, left to right, with one cluster per namespace. */
export function renderDot(t: Topology): string {
  const lines = ['digraph topology {', '  rankdir=LR;'];
  const node = (n: Topology['nodes'][number]): string => `${n.id} [label=${dotString(n.label)}, shape=${SHAPES[n.shape]}];`;
  const namespaces = [...new Set(t.nodes.flatMap((n) => (n.namespace === undefined ? [] : [n.namespace])))].sort(compareStrings);
  for (const ns of namespaces) {
    lines.push(`  subgraph cluster_${nodeId('ns', ns)} {`, `    label=${dotString(`namespace ${ns}`)};`);
    for (const n of t.nodes.filter((x) => x.namespace === ns)) lines.push(`    ${node(n)}`);
    lines.push('  }');
  }
  for (const n of t.nodes.filter((x) => x.namespace === undefined)) lines.push(`  ${node(n)}`);
  for (const e of t.edges) {
    const attrs = [...(e.label === undefined ? [] : [`label=${dotString(e.label)}`]), ...(e.style === 'dashed' ? ['style=dashed'] : [])];
    lines.push(`  ${e.from} -> ${e.to}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return lines.join('\n');
}
