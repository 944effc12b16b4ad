import {
  Composer,
  LineCounter,
  Parser,
  isAlias,
  isCollection,
  isNode,
  isMap,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import type { Problem } from '../contracts/problem.js';
import { setField } from '../contracts/set-field.js';
import { plainText } from '../contracts/value-text.js';
import { fastYamlDocuments } from './fast-yaml-documents.js';
import { COMPOSER_OPTIONS, SHARED_SCHEMA } from './yaml-composer-options.js';

/** One YAML document as plain data, with the line it starts on and a way to find the line of a field. */
export interface YamlDocument {
  readonly value: unknown;
  /** 1-based line of the document's content. */
  readonly line: number;
  /** The line of the node at `path`, or of its nearest existing parent. */
  readonly locate: (path: readonly PropertyKey[]) => number | undefined;
}

/**
 * Bounds on alias expansion per document. Anchors, aliases and merge keys are ordinary YAML (kubectl
 * reads them), but a few lines of aliases can stand for billions of nodes; go-yaml, under kubectl,
 * refuses a document whose aliases make up most of a large expansion. Here the expanded document may
 * hold at most `EXPANDED_NODES_MIN` nodes or `EXPANDED_RATIO` times the nodes written, whichever is more,
 * so memory stays proportional to the input.
 */
export const YAML_LIMITS = {
  aliases: 10_000,
  expandedNodesMin: 100_000,
  expandedRatio: 10,
} as const;

/** A problem at one node of a document; turned into a Problem with the node's line. */
class NodeProblem extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** A line that may start a directive (`%YAML`, `%TAG`); it may also be inside a scalar, which only costs the sharing. */
const DIRECTIVE = /^%/m;

/**
 * Where an alias can start: `*` at the start of a line, after whitespace, after a flow indicator,
 * or right after the `:` of a quoted key in flow style (`{"k":*a}`). A `*` after another one is
 * counted too, though the library reads `"k"**a` as an error, not an alias.
 */
const ALIAS_START = /(?:^|[\s,:[\]{}*])\*/;

/**
 * Whether the YAML source may hold an alias. Without one nothing in the document is shared or can
 * expand, so neither the alias checks nor the copy are needed; a `*` inside a word or a quoted
 * string (`get_*`, `"*_admin"`) only costs the checks, which then find nothing. Exposed for tests.
 */
export function mayHoldAliases(source: string): boolean {
  return ALIAS_START.test(source);
}

/** How to read a file. */
export interface ReadYamlOptions {
  /** Compose every file, never taking the fast path; for tests that compare the two. */
  readonly composerOnly?: boolean;
}

/**
 * The documents of one YAML file, one at a time, so that a file of many documents never holds all
 * their syntax trees at once. Syntax errors, aliases without an anchor, an anchor that contains its
 * own alias and expansions past `YAML_LIMITS` become problems naming `file` and the line; the
 * document is then skipped. Empty documents (a trailing `---`) are skipped silently.
 *
 * A plain file (no anchors, aliases, tags, directives or merge keys; see `fastYamlDocuments`) is
 * read by js-yaml instead, to the same values and lines; any file js-yaml does not read without
 * fault is composed as a whole, so its problems are the composer's.
 */
export function* readYamlDocuments(
  text: string,
  file: string,
  problems: Problem[],
  options: ReadYamlOptions = {},
): Generator<YamlDocument> {
  const fast = options.composerOnly ? undefined : fastYamlDocuments(text, composedLocator(text));
  if (fast) yield* fast;
  else yield* composedDocuments(text, file, problems);
}

/** Parses a YAML source as the composer reads it, one document at a time, with the line of each offset. */
function compose(text: string): { docs: Generator<Document.Parsed>; lineAt: (offset: number) => number } {
  const counter = new LineCounter();
  const composer = new Composer(DIRECTIVE.test(text) ? COMPOSER_OPTIONS : { ...COMPOSER_OPTIONS, schema: SHARED_SCHEMA });
  const docs = composer.compose(new Parser(counter.addNewLine).parse(text), true, text.length);
  return { docs, lineAt: (offset) => counter.linePos(offset).line };
}

/** The line of the content of a composed document, which is the line `readYamlDocuments` gives it. */
function contentLine(doc: Document.Parsed, lineAt: (offset: number) => number): number {
  return lineAt(doc.contents?.range[0] ?? doc.range[0]);
}

/**
 * Finds the line of a field of the fast path's document whose content is on `line`, as the
 * composed document answers it. The file is composed only when a field is first asked for, and
 * documents are composed in order as they are asked for, holding one syntax tree at a time; a
 * document before the last one composed starts the composition over.
 */
function composedLocator(text: string): (line: number, path: readonly PropertyKey[]) => number | undefined {
  let source: ReturnType<typeof compose> | undefined;
  let current: { doc: Document.Parsed; line: number } | undefined;
  return (line, path) => {
    try {
      if (!source || (current && current.line > line)) {
        source = compose(text);
        current = undefined;
      }
      while (!current || current.line < line) {
        const next = source.docs.next();
        if (next.done) return undefined;
        current = { doc: next.value, line: contentLine(next.value, source.lineAt) };
      }
      return current.line === line ? lineOf(current.doc, path, source.lineAt) : undefined;
    } catch (e) {
      // The file composed before without fault; only a stack exhausted at a deeper point could throw here.
      if (e instanceof RangeError) return undefined;
      throw e;
    }
  };
}

function* composedDocuments(text: string, file: string, problems: Problem[]): Generator<YamlDocument> {
  const { docs, lineAt } = compose(text);
  for (;;) {
    let next: IteratorResult<Document.Parsed>;
    try {
      next = docs.next();
    } catch (e) {
      // The parser descends recursively; a pathological nesting depth exhausts the stack.
      if (!(e instanceof RangeError)) throw e;
      problems.push({ severity: 'error', message: 'the YAML is nested too deeply to read', origin: { file } });
      return;
    }
    if (next.done) return;
    const doc = next.value;
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        problems.push({
          severity: 'error',
          // The parser reports its own stack overflow on pathological nesting as a document error.
          message: /Maximum call stack size exceeded/.test(e.message)
            ? 'the YAML is nested too deeply to read'
            : `not valid YAML: ${plainText(e.message.split('\n')[0] ?? '', 200)}`,
          origin: { file, line: lineAt(e.pos[0]) },
        });
      }
      continue;
    }
    let value: unknown;
    try {
      const aliases = mayHoldAliases(text.slice(doc.range[0], doc.range[2]));
      if (aliases) checkAliases(doc);
      // Aliases resolve to shared objects; the copy gives every place its own, as kubectl's decoding does.
      const js: unknown = doc.toJS({ maxAliasCount: -1 });
      value = aliases ? ownCopy(js) : js;
    } catch (e) {
      if (e instanceof NodeProblem) {
        problems.push({ severity: 'error', message: e.message, origin: { file, line: lineAt(e.offset) } });
        continue;
      }
      if (e instanceof RangeError) {
        problems.push({
          severity: 'error',
          message: 'the document is nested too deeply to read',
          origin: { file, line: contentLine(doc, lineAt) },
        });
        continue;
      }
      const merge = badMergeKey(doc);
      if (merge !== undefined) {
        problems.push({
          severity: 'error',
          message: 'a "<<" merge key needs a map, an alias of a map, or a list of them as its value (as kubectl reads it)',
          origin: { file, line: lineAt(merge) },
        });
        continue;
      }
      throw e;
    }
    if (value === null || value === undefined) continue;
    yield { value, line: contentLine(doc, lineAt), locate: (path) => lineOf(doc, path, lineAt) };
  }
}

/** The offset of the first `<<` key whose value cannot be merged, which the yaml library throws on. */
function badMergeKey(doc: Document): number | undefined {
  let found: number | undefined;
  const mergeable = (n: unknown): boolean => isMap(n) || (isAlias(n) && isMap(n.resolve(doc)));
  visit(doc, {
    Pair(_, pair) {
      // The library marks a merge key with a symbol value; a quoted "<<" is an ordinary key.
      if (!isScalar(pair.key) || typeof pair.key.value !== 'symbol' || found !== undefined) return;
      const v = pair.value;
      if (mergeable(v) || (isSeq(v) && v.items.every(mergeable))) return;
      found = pair.key.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return found;
}

function lineOf(doc: Document, path: readonly PropertyKey[], lineAt: (offset: number) => number): number | undefined {
  // A field that exists is found at its key (a map's value may start lines below it); a missing one
  // points at the nearest enclosing node that exists.
  const last = path[path.length - 1];
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1) as unknown[], true);
  if (isMap(parent) && typeof last === 'string') {
    const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === last);
    if (isNode(pair?.key) && pair.key.range) return lineAt(pair.key.range[0]);
  }
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return lineAt(node.range[0]);
  }
  return undefined;
}

/**
 * Refuses aliases without a preceding anchor, an anchor whose node holds its own alias, and documents
 * whose expansion exceeds `YAML_LIMITS`, before anything is expanded. Sizes are counted per anchor
 * once, in document order (an alias refers to the last anchor of its name before it).
 */
function checkAliases(doc: Document): void {
  const anchors = new Map<string, YamlNode>();
  const sizes = new Map<YamlNode, number>();
  const open = new Set<YamlNode>();
  let written = 0;
  let aliases = 0;
  let expanded = 0;
  const offsets: { offset: number; size: number }[] = [];
  const size = (node: unknown): number => {
    if (!isNode(node)) return 0;
    if (isAlias(node)) {
      const at = node.range?.[0] ?? 0;
      const target = anchors.get(node.source);
      const name = plainText(node.source, 200);
      if (!target) throw new NodeProblem(`alias *${name} refers to no anchor; define &${name} before the alias`, at);
      if (open.has(target)) throw new NodeProblem(`alias *${name} is inside the node anchored as &${name}, which would contain itself`, at);
      aliases++;
      if (aliases > YAML_LIMITS.aliases) {
        throw new NodeProblem(`more than ${YAML_LIMITS.aliases} aliases in one document; expand some of them`, at);
      }
      const s = sizes.get(target) ?? 1;
      expanded += s;
      offsets.push({ offset: at, size: expanded });
      // A bomb is refused at the first alias that takes the expansion past the absolute bound.
      if (expanded > YAML_LIMITS.expandedNodesMin * YAML_LIMITS.expandedRatio) throw bomb(at);
      return s;
    }
    written++;
    if (node.anchor) {
      anchors.set(node.anchor, node);
      open.add(node);
    }
    let s = 1;
    if (isCollection(node)) {
      for (const item of node.items) s += isPair(item) ? size(item.key) + size(item.value) : size(item);
    }
    if (node.anchor) {
      open.delete(node);
      sizes.set(node, s);
    }
    return s;
  };
  size(doc.contents);
  const allowed = Math.max(YAML_LIMITS.expandedNodesMin, YAML_LIMITS.expandedRatio * written);
  if (written + expanded > allowed) {
    // The alias at which the expansion first went past what this document may expand to.
    const culprit = offsets.find((o) => written + o.size > allowed) ?? offsets[offsets.length - 1];
    throw bomb(culprit?.offset ?? 0, allowed);
  }
}

function bomb(offset: number, allowed?: number): NodeProblem {
  const limit = allowed ?? YAML_LIMITS.expandedNodesMin * YAML_LIMITS.expandedRatio;
  return new NodeProblem(
    `aliases would expand this document to more than ${limit} nodes (an alias bomb?); a document may expand to at most ${YAML_LIMITS.expandedNodesMin} nodes or ${YAML_LIMITS.expandedRatio} times the nodes it is written with`,
    offset,
  );
}

/**
 * A deep copy of plain data in which no object or array is shared, and a key `__proto__` stays an
 * ordinary key (an assignment would set the copy's prototype instead).
 */
function ownCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ownCopy);
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) setField(out, k, ownCopy(v));
  return out;
}
