/**
 * A strict checker of the Graphviz DOT subset `tool-gateway graph --format dot` emits, written
 * from the DOT grammar: `digraph ID { stmt* }` where a statement is `ID=value;`, a node
 * `ID [attrs];`, an edge `ID -> ID [attrs]?;` or `subgraph ID { stmt* }`. Quoted strings end at
 * an unescaped `"` and may not span lines. Returns one message per problem.
 */
type Token = { kind: 'id' | 'string' | 'punct'; text: string };

function tokenize(text: string, problems: string[]): Token[] {
  const tokens: Token[] = [];
  const re = /\s+|([A-Za-z_][A-Za-z0-9_]*)|("(?:\\.|[^"\\\n])*")|(->|[{}[\];,=])|(.)/gsy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[1]) tokens.push({ kind: 'id', text: m[1] });
    else if (m[2]) tokens.push({ kind: 'string', text: m[2] });
    else if (m[3]) tokens.push({ kind: 'punct', text: m[3] });
    else if (m[4]) problems.push(`unexpected ${JSON.stringify(m[4])} at ${m.index}`);
  }
  return tokens;
}

const KEYWORDS = new Set(['node', 'edge', 'graph', 'digraph', 'subgraph', 'strict']);

export function checkDotSubset(text: string): string[] {
  const problems: string[] = [];
  const tokens = tokenize(text, problems);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const expect = (kind: Token['kind'], value?: string): string | undefined => {
    const t = tokens[i];
    if (!t || t.kind !== kind || (value !== undefined && t.text !== value)) {
      problems.push(`token ${i}: expected ${value ?? kind}, got ${t ? JSON.stringify(t.text) : 'end of input'}`);
      throw new Error('stop');
    }
    i++;
    return t.text;
  };
  const id = (): string => {
    const name = expect('id')!;
    if (KEYWORDS.has(name.toLowerCase())) problems.push(`token ${i - 1}: ${name} is a DOT keyword`);
    return name;
  };
  const attrs = (): void => {
    expect('punct', '[');
    for (;;) {
      id();
      expect('punct', '=');
      const v = peek();
      if (v?.kind === 'string' || v?.kind === 'id') i++;
      else expect('string');
      if (peek()?.text === ',') i++;
      else break;
    }
    expect('punct', ']');
  };
  const statements = (): void => {
    while (peek() && peek()!.text !== '}') {
      if (peek()!.kind === 'id' && peek()!.text === 'subgraph') {
        i++;
        id();
        expect('punct', '{');
        statements();
        expect('punct', '}');
        continue;
      }
      id();
      const next = peek();
      if (next?.text === '=') {
        i++;
        const v = peek();
        if (v?.kind === 'string' || v?.kind === 'id') i++;
        else expect('string');
      } else if (next?.text === '->') {
        i++;
        id();
        if (peek()?.text === '[') attrs();
      } else attrs();
      expect('punct', ';');
    }
  };
  try {
    expect('id', 'digraph');
    id();
    expect('punct', '{');
    statements();
    expect('punct', '}');
    if (i !== tokens.length) problems.push(`token ${i}: text after the graph`);
  } catch (e) {
    if (!(e instanceof Error && e.message === 'stop')) throw e;
  }
  return problems;
}
