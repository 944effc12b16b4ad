import type { Problem } from '../contracts/problem.js';
import { pathText } from '../contracts/value-text.js';
import type { Estate } from './estate.js';
import { listItems } from './list-items.js';
import { parseIntentDocument, type ParsedDocument, type SkippedObject } from './parse-intent.js';
import { readInputFiles, type ReadInputOptions } from './read-input-files.js';
import { KUSTOMIZATION_FILE, reportSkippedObjects } from './skipped-objects.js';
import { readYamlDocuments } from './yaml-documents.js';
import { separateImports, type EstateWithImports } from './separate-imports.js';

export { findYamlFiles } from './read-input-files.js';

/** How the YAML front door reads its input. */
export interface LoadYamlOptions extends Omit<ReadInputOptions, 'cwd'> {
  /** Refuse every object that is not intent, and every kustomization file, instead of skipping it with a note. */
  readonly strictInput?: boolean;
}

/** Parses the intent documents of one YAML file, a List's items each on its own. Exposed for tests. */
export function parseYamlText(text: string, file: string, problems: Problem[]): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  for (const doc of readYamlDocuments(text, file, problems)) {
    for (const item of listItems(doc)) out.push(parseIntentDocument(item.value, { file, line: item.line }, problems, item.locate));
  }
  return out;
}

/**
 * The YAML front door: reads every YAML file under `inputs` (files or directories; see
 * `readInputFiles` for the reading rules) and builds the same Estate the TypeScript constructs
 * build. Objects that are not intent and kustomization files are skipped, with one note for all
 * of them (errors with `strictInput`). Intent documents annotated `cdk8s-tool-gateway/imported:
 * "true"`, and every intent document under `imports` (read with the same rules, their other
 * objects skipped silently: they are another pipeline's), are owned by other pipelines: they
 * come back as `imported`, never in the estate (see separateImports).
 */
export function loadYamlEstate(
  inputs: readonly string[],
  imports: readonly string[],
  problems: Problem[],
  cwd = process.cwd(),
  read: LoadYamlOptions = {},
): EstateWithImports {
  const parse = (paths: readonly string[], skipped: SkippedObject[], kustomizations: string[], label?: (input: string) => string) => {
    const docs: ParsedDocument[] = [];
    for (const { file, text } of readInputFiles(paths, problems, { ...read, cwd, ...(label ? { label } : {}) })) {
      // kustomize's own file, which need not have an apiVersion or kind: never intent.
      if (KUSTOMIZATION_FILE.test(file)) {
        kustomizations.push(file);
        continue;
      }
      // One push per document: spreading a file of 100,000+ documents into push() overflows the stack.
      for (const doc of parseYamlText(text, file, problems)) {
        if (doc.type === 'skipped') skipped.push(doc.object);
        else docs.push(doc);
      }
    }
    return docs;
  };
  const skipped: SkippedObject[] = [];
  const kustomizations: string[] = [];
  const local = parse(inputs, skipped, kustomizations);
  reportSkippedObjects(skipped, kustomizations, read.strictInput ?? false, problems);
  const imported = imports.length > 0 ? parse(imports, [], [], (input) => `import ${pathText(input)}`) : [];
  return separateImports(local, imported, problems);
}

/** The estate of `loadYamlEstate`, for callers that import nothing; imported documents are left out. */
export function loadYamlInput(inputs: readonly string[], problems: Problem[], cwd = process.cwd(), read: LoadYamlOptions = {}): Estate {
  return loadYamlEstate(inputs, [], problems, cwd, read).estate;
}
