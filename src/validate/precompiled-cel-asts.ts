import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageFile } from '../contracts/package-files.js';
import { decodeCelAst } from './cel-ast-codec.js';

/** Where `npm run build` writes the parsed CEL rules, relative to the package root. */
export const PRECOMPILED_CEL_DIR = 'lib/cel-asts';

/**
 * The file of the parsed `text`, relative to the folder: named by a digest of the text. It holds the
 * text as a JSON string on its first line, then the tree as `encodeCelAst` writes it.
 */
export function celAstFileName(text: string): string {
  return `${createHash('sha256').update(text).digest('hex')}.json`;
}

/** The contents of the file of `text` parsed into `encodedAst`. */
export function celAstFile(text: string, encodedAst: string): string {
  return `${JSON.stringify(text)}\n${encodedAst}\n`;
}

/**
 * The syntax trees `npm run build` parsed for every CEL rule text in the schemas, read one file per
 * rule text on first use. A tree is used only when its file names exactly the text asked for; a
 * text with no such file (a rule of a CRD in the output, a changed schema, a folder that is not
 * there) or a file that does not read is parsed at run time, as without any file.
 */
export class PrecompiledCelAsts {
  constructor(private readonly dir: string) {}

  /** The parsed tree of exactly `text`, or undefined. */
  parsed(text: string): unknown {
    const file = join(this.dir, celAstFileName(text));
    try {
      const content = readFileSync(file, 'utf8');
      const cut = content.indexOf('\n');
      if (JSON.parse(content.slice(0, cut)) !== text) return undefined;
      return decodeCelAst(content.slice(cut + 1));
    } catch {
      return undefined;
    }
  }
}

let shipped: PrecompiledCelAsts | undefined;

/** The trees in this package's lib/. */
export function shippedCelAsts(): PrecompiledCelAsts {
  shipped ??= new PrecompiledCelAsts(packageFile(PRECOMPILED_CEL_DIR));
  return shipped;
}
