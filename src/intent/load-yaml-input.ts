import type { Problem } from '../contracts/problem.js';
import { assembleEstate } from './assemble-estate.js';
import type { Estate } from './estate.js';
import { parseIntentDocument, type ParsedDocument } from './parse-intent.js';
import { readInputFiles, type ReadInputOptions } from './read-input-files.js';
import { readYamlDocuments } from './yaml-documents.js';

export { findYamlFiles } from './read-input-files.js';

/** Parses the intent documents of one YAML file. Exposed for tests. */
export function parseYamlText(text: string, file: string, problems: Problem[]): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  for (const doc of readYamlDocuments(text, file, problems)) {
    out.push(parseIntentDocument(doc.value, { file, line: doc.line }, problems, doc.locate));
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
  for (const { file, text } of readInputFiles(inputs, problems, { ...read, cwd })) {
    // One push per document: spreading a file of 100,000+ documents into push() overflows the stack.
    for (const doc of parseYamlText(text, file, problems)) docs.push(doc);
  }
  return assembleEstate(docs, problems);
}
