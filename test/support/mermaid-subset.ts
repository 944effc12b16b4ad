/**
 * A strict checker of exactly the Mermaid flowchart subset `tool-gateway graph` emits, written
 * from Mermaid's flowchart grammar rather than from the renderer: `flowchart LR`, one level of
 * `subgraph ID["label"]` … `end`, node declarations with a quoted label in one of five shapes,
 * and `-->`/`-.->` edges with an optional `|"label"|`. A full Mermaid parser needs a DOM; this
 * one needs nothing and refuses anything outside the subset. Returns one message per problem.
 */
const ID = '[A-Za-z][A-Za-z0-9_]*';
// Mermaid ends a quoted label only at `"`; we also require every `#` to start an entity and
// allow no raw `<`, `>` or `&`, which Mermaid would read as HTML.
const LABEL = '"(?:[^"#<>&\\n\\r]|#[0-9]+;)*"';
const SHAPES = [
  ['\\{\\{', '\\}\\}'],
  ['\\(\\[', '\\]\\)'],
  ['\\[\\[', '\\]\\]'],
  ['\\[', '\\]'],
  ['\\(', '\\)'],
] as const;
const NODE = new RegExp(`^(${ID})(?:${SHAPES.map(([o, c]) => `${o}${LABEL}${c}`).join('|')})$`);
const SUBGRAPH = new RegExp(`^subgraph (${ID})\\[${LABEL}\\]$`);
const EDGE = new RegExp(`^(${ID}) (?:-->|-\\.->)(?:\\|${LABEL}\\|)? (${ID})$`);
// Words Mermaid's lexer takes as keywords, and edge-end letters it would glue to an arrow.
const RESERVED = /^(?:end|graph|flowchart|subgraph|style|classDef|class|click|linkStyle|direction|default)$|^[ox]/;

export function checkMermaidSubset(text: string): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  if (lines[0] !== 'flowchart LR') problems.push(`line 1: expected "flowchart LR", got ${JSON.stringify(lines[0])}`);
  const declared = new Set<string>();
  const used: { id: string; line: number }[] = [];
  let inSubgraph = false;
  for (let i = 1; i < lines.length; i++) {
    const n = i + 1;
    const line = (lines[i] ?? '').trim();
    const id = (value: string): void => {
      if (RESERVED.test(value)) problems.push(`line ${n}: id ${value} is reserved in Mermaid`);
    };
    let m: RegExpExecArray | null;
    if (line === '') problems.push(`line ${n}: empty line`);
    else if (line === 'end') {
      if (!inSubgraph) problems.push(`line ${n}: end without subgraph`);
      inSubgraph = false;
    } else if ((m = SUBGRAPH.exec(line))) {
      if (inSubgraph) problems.push(`line ${n}: nested subgraph`);
      inSubgraph = true;
      id(m[1]!);
      if (declared.has(m[1]!)) problems.push(`line ${n}: ${m[1]} declared twice`);
      declared.add(m[1]!);
    } else if ((m = NODE.exec(line))) {
      id(m[1]!);
      if (declared.has(m[1]!)) problems.push(`line ${n}: ${m[1]} declared twice`);
      declared.add(m[1]!);
    } else if ((m = EDGE.exec(line))) {
      used.push({ id: m[1]!, line: n }, { id: m[2]!, line: n });
    } else problems.push(`line ${n}: not in the subset: ${JSON.stringify(line)}`);
  }
  if (inSubgraph) problems.push('unterminated subgraph');
  for (const u of used) if (!declared.has(u.id)) problems.push(`line ${u.line}: edge to undeclared node ${u.id}`);
  return problems;
}

/** The text of a label as Mermaid shows it: the quotes dropped and `#NNN;` entities decoded. */
export function decodeMermaidLabel(quoted: string): string {
  return quoted.slice(1, -1).replace(/#([0-9]+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
}
