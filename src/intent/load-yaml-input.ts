import { LineCounter, parseAllDocuments, isNode, type Document } from 'yaml';
import type { Problem } from '../contracts/problem.js';
import { assembleEstate } from './assemble-estate.js';
import type { Estate } from './estate.js';
import { parseIntentDocument, type ParsedDocument } from './parse-intent.js';
import { readInputFiles, type ReadInputOptions } from './read-input-files.js';

export { findYamlFiles } from './read-input-files.js';

function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  // Walk up to the nearest node that exists, so a missing field points at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Parses the documents of one YAML file. Exposed for tests and for `validate`. */
export function parseYamlText(text: string, file: string, problems: Problem[]): ParsedDocument[] {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false, version: '1.1' });
  const out: ParsedDocument[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        problems.push({
          severity: 'error',
          message: `not valid YAML: ${e.message.split('\n')[0]}`,
          origin: { file, line: counter.linePos(e.pos[0]).line },
        });
      }
      continue;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue; // empty document, e.g. a trailing `---`
    const start = doc.contents?.range[0] ?? 0;
    out.push(parseIntentDocument(value, { file, line: counter.linePos(start).line }, problems, (path) => lineOf(doc, counter, path)));
  }
  return out;
}

/**
 * The YAML front door: reads every YAML file under `inputs` (files or directories; see
 * `readInputFiles` for the reading rules) and builds the same Estate the TypeScript constructs build.
 */
export function loadYamlInput(
  inputs: readonly string[],
  problems: Problem[],
  cwd = process.cwd(),
  read: Omit<ReadInputOptions, 'cwd'> = {},
): Estate {
  const docs: ParsedDocument[] = [];
  for (const { file, text } of readInputFiles(inputs, problems, { ...read, cwd })) docs.push(...parseYamlText(text, file, problems));
  return assembleEstate(docs, problems);
}
