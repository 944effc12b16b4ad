/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: anything the
 * format does not allow is an error naming the line. Families must be contiguous, declared by
 * at most one HELP and one TYPE before their samples; names and label names must be valid; label
 * values may escape only `\\`, `\"` and `\n`; a value is a Go float (or NaN, +Inf, -Inf); the
 * text ends with a line feed. Timestamps are allowed and returned.
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestamp?: number;
}

export interface Family {
  readonly name: string;
  help?: string;
  type?: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  readonly samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|NaN|Inf)$/;

function parseValue(text: string, line: number): number {
  if (!FLOAT.test(text)) throw new Error(`line ${line}: ${JSON.stringify(text)} is not a sample value`);
  if (/Inf$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (text === 'NaN') return NaN;
  return Number(text);
}

/** The family a sample name belongs to (histogram and summary series carry suffixes). */
function familyOf(name: string, families: Map<string, Family>): Family | undefined {
  if (families.has(name)) return families.get(name);
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (name.endsWith(suffix)) {
      const f = families.get(name.slice(0, -suffix.length));
      if (f && (f.type === 'histogram' || f.type === 'summary')) return f;
    }
  }
  return undefined;
}

export function parsePrometheusText(text: string): Map<string, Family> {
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the text does not end with a line feed');
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  let current: Family | undefined;
  const enter = (name: string, line: number): Family => {
    if (current?.name === name) return current;
    if (closed.has(name) || families.has(name)) throw new Error(`line ${line}: family ${name} is not contiguous`);
    if (current) closed.add(current.name);
    current = { name, samples: [] };
    families.set(name, current);
    return current;
  };
  const lines = text.split('\n').slice(0, -1);
  lines.forEach((raw, i) => {
    const n = i + 1;
    if (raw.includes('\r')) throw new Error(`line ${n}: carriage return`);
    if (raw.trim() === '') return;
    if (raw.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(raw);
      if (!m) return; // a plain comment
      const [, kind, name, rest] = m as unknown as [string, 'HELP' | 'TYPE', string, string];
      if (!NAME.test(name)) throw new Error(`line ${n}: ${JSON.stringify(name)} is not a metric name`);
      const f = enter(name, n);
      if (kind === 'HELP') {
        if (f.help !== undefined) throw new Error(`line ${n}: second HELP for ${name}`);
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) throw new Error(`line ${n}: bad escape in HELP`);
        f.help = rest.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
      } else {
        if (f.type !== undefined) throw new Error(`line ${n}: second TYPE for ${name}`);
        if (f.samples.length > 0) throw new Error(`line ${n}: TYPE after samples of ${name}`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest))
          throw new Error(`line ${n}: type ${JSON.stringify(rest)}`);
        f.type = rest as Family['type'];
      }
      return;
    }
    const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(raw);
    if (!nameMatch) throw new Error(`line ${n}: no metric name`);
    const name = nameMatch[0];
    let pos = name.length;
    const labels: Record<string, string> = {};
    if (raw[pos] === '{') {
      pos++;
      while (raw[pos] !== '}') {
        const ln = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(raw.slice(pos));
        if (!ln || !LABEL_NAME.test(ln[0])) throw new Error(`line ${n}: bad label name at ${pos}`);
        pos += ln[0].length;
        if (raw.slice(pos, pos + 2) !== '="') throw new Error(`line ${n}: expected =" at ${pos}`);
        pos += 2;
        let value = '';
        for (;;) {
          const c = raw[pos];
          if (c === undefined) throw new Error(`line ${n}: unterminated label value`);
          pos++;
          if (c === '"') break;
          if (c === '\\') {
            const e = raw[pos++];
            if (e === '\\') value += '\\';
            else if (e === '"') value += '"';
            else if (e === 'n') value += '\n';
            else throw new Error(`line ${n}: bad escape \\${String(e)}`);
          } else value += c;
        }
        if (ln[0] in labels) throw new Error(`line ${n}: label ${ln[0]} twice`);
        labels[ln[0]] = value;
        if (raw[pos] === ',') pos++;
        else if (raw[pos] !== '}') throw new Error(`line ${n}: expected , or } at ${pos}`);
      }
      pos++;
    }
    const rest = raw.slice(pos);
    const m = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
    if (!m) throw new Error(`line ${n}: expected " <value> [timestamp]" after the labels, got ${JSON.stringify(rest)}`);
    const known = familyOf(name, families);
    const f = known && known === current ? known : enter(name, n);
    const sample: Sample = { name, labels, value: parseValue(m[1]!, n), ...(m[2] !== undefined ? { timestamp: Number(m[2]) } : {}) };
    const key = JSON.stringify([name, Object.entries(labels).sort()]);
    if (f.samples.some((s) => JSON.stringify([s.name, Object.entries(s.labels).sort()]) === key)) {
      throw new Error(`line ${n}: series ${name}${JSON.stringify(labels)} twice`);
    }
    if (f.type === 'counter' && (sample.value < 0 || Number.isNaN(sample.value))) throw new Error(`line ${n}: counter ${name} is ${m[1]}`);
    f.samples.push(sample);
  });
  return families;
}
