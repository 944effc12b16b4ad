import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Problem } from '../contracts/problem.js';
import { assembleEstate } from './assemble-estate.js';
import type { Estate } from './estate.js';
import { parseIntentDocument, type ParsedDocument } from './parse-intent.js';
import { readYamlDocuments } from './yaml-documents.js';

/** Every `*.yaml` / `*.yml` below `dir`, in sorted order so the result never depends on readdir. */
export function findYamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      if (entry.startsWith('.')) continue;
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(entry)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Parses the intent documents of one YAML file. Exposed for tests. */
export function parseYamlText(text: string, file: string, problems: Problem[]): ParsedDocument[] {
  const out: ParsedDocument[] = [];
  for (const doc of readYamlDocuments(text, file, problems)) {
    out.push(parseIntentDocument(doc.value, { file, line: doc.line }, problems, doc.locate));
  }
  return out;
}

/**
 * The YAML files an input names: the file itself, or every YAML file below a directory.
 * Undefined when the input does not exist.
 */
export function yamlFilesOf(input: string): string[] | undefined {
  try {
    return statSync(input).isDirectory() ? findYamlFiles(input) : [input];
  } catch {
    return undefined;
  }
}

/**
 * The YAML front door: reads every YAML file under `inputs` (files or directories) and builds
 * the same Estate the TypeScript constructs build.
 */
export function loadYamlInput(inputs: readonly string[], problems: Problem[], cwd = process.cwd()): Estate {
  const docs: ParsedDocument[] = [];
  for (const input of inputs) {
    const files = yamlFilesOf(input);
    if (!files) {
      problems.push({ severity: 'error', message: `input ${JSON.stringify(input)} does not exist` });
      continue;
    }
    if (files.length === 0)
      problems.push({ severity: 'warning', message: `input ${JSON.stringify(input)} holds no *.yaml or *.yml files` });
    for (const file of files) {
      // One push per document: spreading a file of 100,000+ documents into push() overflows the stack.
      for (const doc of parseYamlText(readFileSync(file, 'utf8'), relative(cwd, file) || file, problems)) docs.push(doc);
    }
  }
  return assembleEstate(docs, problems);
}
