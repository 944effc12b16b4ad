import { parse } from '@bufbuild/cel';
import { encodeCelAst } from './cel-ast-codec.js';
import { isTransitionRule } from './cel-rule-cache.js';
import { celAstFile, celAstFileName } from './precompiled-cel-asts.js';
import { DEFAULT_SCHEMA_DIR, loadKindSchemas } from './schema-registry.js';

/**
 * The parsed CEL rules of every kind in the schema folder, as `npm run build` writes them (file
 * name in the trees' folder, and its contents): one file per distinct `rule` and `messageExpression`
 * text that the gate would parse. Texts that do not parse get no file: the gate parses them and
 * reports the parser's error, as it would without the files. Sorted, so the output depends only on
 * the schemas and the parser.
 */
export function generateCelAstFiles(dir: string = DEFAULT_SCHEMA_DIR): Map<string, string> {
  const texts = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const rules = (node as { 'x-kubernetes-validations'?: unknown })['x-kubernetes-validations'];
    if (Array.isArray(rules)) {
      for (const r of rules as { rule?: unknown; messageExpression?: unknown }[]) {
        for (const text of [r.rule, r.messageExpression]) if (typeof text === 'string' && !isTransitionRule(text)) texts.add(text);
      }
    }
    Object.values(node).forEach(visit);
  };
  for (const kind of loadKindSchemas(dir)) visit(kind.schema);
  const files = new Map<string, string>();
  for (const text of [...texts].sort()) {
    let encoded: string;
    try {
      encoded = encodeCelAst(parse(text));
    } catch {
      continue;
    }
    files.set(celAstFileName(text), celAstFile(text, encoded));
  }
  return files;
}
