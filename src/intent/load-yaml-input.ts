import type { Problem } from '../contracts/problem.js';
import { pathText } from '../contracts/value-text.js';
import type { Estate } from './estate.js';
import { parseIntentDocument, type ParsedDocument } from './parse-intent.js';
import { readInputFiles, type ReadInputOptions } from './read-input-files.js';
import { readYamlDocuments } from './yaml-documents.js';
import { separateImports, type EstateWithImports } from './separate-imports.js';

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
 * `readInputFiles` for the reading rules) and builds the same Estate the TypeScript constructs
 * build. Intent documents annotated `cdk8s-tool-gateway/imported: "true"`, and every intent
 * document under `imports` (read with the same rules), are owned by other pipelines: they come
 * back as `imported`, never in the estate (see separateImports).
 */
export function loadYamlEstate(
  inputs: readonly string[],
  imports: readonly string[],
  problems: Problem[],
  cwd = process.cwd(),
  read: Omit<ReadInputOptions, 'cwd'> = {},
): EstateWithImports {
  const parse = (paths: readonly string[], label?: (input: string) => string) => {
    const docs: ParsedDocument[] = [];
    for (const { file, text } of readInputFiles(paths, problems, { ...read, cwd, ...(label ? { label } : {}) })) {
      // One push per document: spreading a file of 100,000+ documents into push() overflows the stack.
      for (const doc of parseYamlText(text, file, problems)) docs.push(doc);
    }
    return docs;
  };
  const local = parse(inputs);
  const imported = imports.length > 0 ? parse(imports, (input) => `import ${pathText(input)}`) : [];
  return separateImports(local, imported, problems);
}

/** The estate of `loadYamlEstate`, for callers that import nothing; imported documents are left out. */
export function loadYamlInput(
  inputs: readonly string[],
  problems: Problem[],
  cwd = process.cwd(),
  read: Omit<ReadInputOptions, 'cwd'> = {},
): Estate {
  return loadYamlEstate(inputs, [], problems, cwd, read).estate;
}
