import { FAILSAFE_SCHEMA, Type, loadAll, type LoadOptions, type State } from 'js-yaml';
import { Document, isScalar } from 'yaml';
import { COMPOSER_OPTIONS, SHARED_SCHEMA } from './yaml-composer-options.js';

/** A document of a file read the fast way: its value, the line of its content, and a way to find the line of a field. */
export interface FastYamlDocument {
  readonly value: unknown;
  readonly line: number;
  readonly locate: (path: readonly PropertyKey[]) => number | undefined;
}

/**
 * What the fast reader leaves to the composer, because js-yaml would read it differently, or
 * because the composer's checks exist for it. Each alternative may also match where the feature
 * is not used (inside a quoted string, say), which only costs the fast path for that file:
 * - an anchor, alias or tag: `&`, `*` or `!` where a node's properties can start (the alias
 *   checks and limits are the composer's);
 * - a directive: `%` at the start of a line (it changes the schema);
 * - a byte order mark, after which the composer refuses a block sequence (`\uFEFF- a`);
 * - content on a `---` line, where the composer refuses a block collection and js-yaml does not,
 *   and on a `...` line, which the composer refuses;
 * - a comment right after a quoted scalar or flow collection (`"a"#c`), which the composer refuses;
 * - a merge key `<<`;
 * - a line break js-yaml and the composer may count differently: a lone CR, NEL, LS, PS;
 * - a key the composer turns into another property name than js-yaml: an explicit `?` key, a flow
 *   collection as a key (`[a]: 1`, `{a: 1}: 2`), and a key that resolves to null (`~:`, `null:`,
 *   an empty key), which the composer names "" and js-yaml "null";
 * - where the two libraries read a scalar differently: a block scalar with an explicit indentation
 *   indicator (`|2`, `>1-`), whose lines may be all blank, and an escaped line break in a
 *   double-quoted scalar followed by a blank line;
 * - a tab among a line's leading spaces, which the composer refuses as indentation where js-yaml
 *   may not;
 * - a sequence entry with nothing after its `-` on the line: js-yaml reads an outer sequence's
 *   next entry into an inner sequence that ends with an empty entry.
 */
const LEFT_TO_COMPOSER = new RegExp(
  [
    String.raw`(?:^|[\s,:[\]{}*])[*&!]`,
    String.raw`^%|\uFEFF`,
    String.raw`^(?:---|\.\.\.)[ \t]+[^\s#]`,
    String.raw`["'\]}]#`,
    '<<',
    String.raw`\r(?!\n)|[\x85\u2028\u2029]`,
    String.raw`(?:^|[\s,[{])\?(?![^\s,[\]{}])`,
    String.raw`[\]}][ \t]*:`,
    String.raw`(?:^|[\s,[{])(?:~|[Nn]ull|NULL)?[ \t]*:(?![^\s,[\]{}])`,
    String.raw`(?:^|[ \t])[|>][+-]?[1-9]`,
    String.raw`\\\r?\n[ \t]*\r?\n`,
    String.raw`(?:^|[ \t])-[ \t]*(?:#.*)?$`,
    String.raw`^ *\t`,
  ].join('|'),
  'm',
);

/**
 * Whether a `:` stands 1,024 or more characters into a line: a key before it may be longer than
 * YAML allows an implicit key, which the composer refuses and js-yaml reads. A scan of line
 * lengths, since a regular expression for it costs a few milliseconds on a large estate.
 */
function mayHoldLongKey(text: string): boolean {
  for (let start = 0; start < text.length;) {
    const next = text.indexOf('\n', start);
    const end = next < 0 ? text.length : next;
    if (end - start > 1024 && text.lastIndexOf(':', end) - start >= 1024) return true;
    start = end + 1;
  }
  return false;
}

/**
 * Whether the last line holds only spaces or tabs, without a line break, which js-yaml reads as a
 * line break of its own into a block scalar that keeps its trailing ones (`|+`).
 */
function blankLastLine(text: string): boolean {
  return /^[ \t]+$/.test(text.slice(text.lastIndexOf('\n') + 1));
}

/** The options the composer hands a tag's `resolve`: those of a Document built with `COMPOSER_OPTIONS`. */
const RESOLVE_OPTIONS = new Document(undefined, { ...COMPOSER_OPTIONS, schema: SHARED_SCHEMA }).options;

/** A resolve that reports a problem leaves the file to the composer, which reports it. */
const refuse = (message: string): never => {
  throw new Error(message);
};

/** The tags the composer tries on a plain scalar, in its order: those of `SHARED_SCHEMA` with a default and a test. */
const PLAIN_TAGS = SHARED_SCHEMA.tags.flatMap((tag) => (tag.default === true && tag.test ? [{ tag, test: tag.test }] : []));

/**
 * Whether any of `PLAIN_TAGS` matches: one regular expression of their alternatives, so that a
 * plain scalar that stays a string (most of them) costs one test, not one per tag.
 */
const ANY_PLAIN_TAG: { test: (value: string) => boolean } = PLAIN_TAGS.every(({ test }) => test.flags === '')
  ? new RegExp(PLAIN_TAGS.map(({ test }) => `(?:${test.source})`).join('|'))
  : { test: (value) => PLAIN_TAGS.some(({ test }) => test.test(value)) };

/**
 * A js-yaml schema whose plain scalars resolve exactly as the composer resolves them: by the first
 * of `PLAIN_TAGS` whose `test` matches, with its own `resolve`; a plain scalar none matches stays
 * a string, as quoted and block scalars do.
 */
const SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type('tag:yaml.org,2002:composer-resolved', {
      kind: 'scalar',
      resolve: (data: unknown) => typeof data === 'string' && ANY_PLAIN_TAG.test(data),
      construct: (data: string) => {
        const first = PLAIN_TAGS.find(({ test }) => test.test(data));
        const value = first ? first.tag.resolve(data, refuse, RESOLVE_OPTIONS) : data;
        return isScalar(value) ? value.value : value;
      },
    }),
  ],
});

/**
 * Reads a YAML file with js-yaml when it uses nothing the composer treats specially, several times
 * faster than the composer. Undefined when the file is left to the composer: it uses a feature of
 * `LEFT_TO_COMPOSER`, or js-yaml refuses it (a syntax error, a duplicate key, nesting past
 * js-yaml's depth limit), so that every problem is the composer's, with its message and line.
 *
 * A quoted scalar or flow collection over more than one line, and a block scalar as a document,
 * are left to the composer too (see `readsDifferently`).
 *
 * A document's line is that of its content, taken from js-yaml as it opens the document's root
 * node. The line of a field is the composer's: `locateComposed` composes the file when a field is
 * first asked for (only a problem asks) and finds the document by its content line, which no two
 * documents share. Empty documents (no content, or null) are skipped, as the composer's reader does.
 */
export function fastYamlDocuments(
  text: string,
  locateComposed: (line: number, path: readonly PropertyKey[]) => number | undefined,
): FastYamlDocument[] | undefined {
  if (LEFT_TO_COMPOSER.test(text) || blankLastLine(text) || mayHoldLongKey(text)) return undefined;
  const lines: number[] = [];
  // Where each open node was opened, and on which line: a stack, as nodes nest.
  const opened: number[] = [];
  // Set from js-yaml's listener, which the compiler cannot see call back.
  const found = { differs: false };
  const options: LoadOptions = {
    schema: SCHEMA,
    listener: (event, state) => {
      if (event === 'open') {
        // The root node of each document opens at depth 1, after the document's separators and comments.
        if ((state as State & { depth: number }).depth === 1) lines.push(state.line + 1);
        opened.push(state.position, state.line);
        return;
      }
      const line = opened.pop() ?? 0;
      const position = opened.pop() ?? 0;
      if (!found.differs) found.differs = readsDifferently(state, position, line);
    },
  };
  let values: unknown[];
  try {
    values = loadAll(text, null, options);
  } catch {
    return undefined;
  }
  if (found.differs || values.length !== lines.length) return undefined;
  const out: FastYamlDocument[] = [];
  values.forEach((value, i) => {
    const line = lines[i] as number;
    if (value === null || value === undefined) return;
    out.push({ value, line, locate: (path) => (path.length === 0 ? line : (locateComposed(line, path) ?? line)) });
  });
  return out;
}

/**
 * Whether the node js-yaml closes now, opened at `position` on `line` (maybe before spaces, line
 * breaks and comments), is one the composer reads otherwise:
 * - a quoted scalar or flow collection over more than one line: the composer refuses one whose
 *   later lines are not indented past the block it is in, and js-yaml does not check;
 * - a block scalar as a document's root, whose lines the composer may take from column 0 where
 *   js-yaml reads a comment.
 * The kind of the node tells a quoted scalar from a block map whose first key is quoted.
 */
function readsDifferently(state: State, position: number, line: number): boolean {
  const { input, kind } = state;
  let i = position;
  let at = line;
  for (;;) {
    const c = input.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
    else if (c === 0x0a) {
      i++;
      at++;
    } else if (c === 0x23 /* # */) {
      i = input.indexOf('\n', i);
      if (i < 0) return false;
    } else break;
  }
  const c = input[i];
  if (c === '|' || c === '>') return kind === 'scalar' && (state as State & { depth: number }).depth === 1;
  const flow = c === '"' || c === "'" ? kind === 'scalar' : c === '[' ? kind === 'sequence' : c === '{' && kind === 'mapping';
  // js-yaml closes a node at its last character, so its line is the node's last line.
  return flow && at < state.line;
}
