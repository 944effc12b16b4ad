import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { ESLint } from 'eslint';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { describe, expect, test } from 'vitest';
import { zones } from '../eslint.config.js';

/**
 * The pipeline's import rules, written out independently of eslint.config.js: the folders each
 * top-level folder of src/ may import. A stage may import the shared contracts and earlier stages.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  contracts: [],
  intent: ['contracts'],
  constructs: ['contracts', 'intent'],
  compile: ['contracts', 'intent', 'constructs'],
  validate: ['contracts', 'intent', 'constructs', 'compile'],
  emit: ['contracts', 'intent', 'constructs', 'compile', 'validate'],
  app: ['contracts', 'intent', 'constructs', 'compile', 'validate', 'emit'],
  cli: ['contracts', 'intent', 'constructs', 'compile', 'validate', 'emit', 'app', 'explain'],
  explain: ['contracts', 'emit'],
  reconciler: ['contracts'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Relative module specifiers of static imports, re-exports and dynamic imports. */
function relativeImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm)) found.push(m[2] ?? '');
  return found;
}

/** Every edge between two different top-level folders of src/, as `from -> to: file imports spec`. */
function folderEdges(): { from: string; to: string; where: string }[] {
  const edges: { from: string; to: string; where: string }[] = [];
  for (const file of sourceFiles('src')) {
    const rel = relative('src', file).split(sep).join('/');
    const from = rel.includes('/') ? (rel.split('/')[0] ?? '') : '.';
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const target = posix.normalize(posix.join(posix.dirname(`src/${rel}`), spec));
      const parts = target.split('/');
      const to = parts[0] === 'src' ? (parts.length > 2 ? (parts[1] ?? '') : '.') : (parts[0] ?? '');
      if (to !== from) edges.push({ from, to, where: `${rel} imports ${spec}` });
    }
  }
  return edges;
}

describe('architecture |', () => {
  test('no import runs against the pipeline: counted from the source, independently of the lint rule', () => {
    const edges = folderEdges();
    // The counter must see the real edges, or an empty result would prove nothing.
    expect(edges.some((e) => e.from === 'compile' && e.to === 'intent')).toBe(true);
    expect(edges.some((e) => e.from === 'reconciler' && e.to === 'contracts')).toBe(true);
    const wrong = edges.filter((e) => e.from in ALLOWED && !(ALLOWED[e.from] ?? []).includes(e.to) && e.to !== 'imports');
    expect(wrong.map((e) => `${e.from} -> ${e.to}: ${e.where}`)).toStrictEqual([]);
    // Generated code is the compiler's business alone.
    const generated = edges.filter((e) => e.to === 'imports' && !['compile', 'validate'].includes(e.from));
    expect(generated.map((e) => e.where)).toStrictEqual([]);
  });

  test('the counter flags an edge against the grain', () => {
    const text = "import { compileEstate } from '../compile/compile-estate.js';\nimport type { X } from '../contracts/x.js';";
    expect(relativeImports(text)).toStrictEqual(['../compile/compile-estate.js', '../contracts/x.js']);
  });

  describe('the lint rule |', () => {
    /** Lints one would-be source file with the project's import-boundary zones only. */
    async function lintAs(filePath: string, text: string): Promise<string[]> {
      const eslint = new ESLint({
        overrideConfigFile: true,
        overrideConfig: [
          {
            files: ['**/*.ts'],
            languageOptions: { parser: tseslint.parser },
            plugins: { 'import-x': importX },
            settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
            rules: { 'import-x/no-restricted-paths': ['error', { zones }] },
          },
        ],
      });
      const [result] = await eslint.lintText(text, { filePath });
      return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
    }

    test('fails a reconciler file that imports from compile/', async () => {
      const messages = await lintAs(
        'src/reconciler/probe.ts',
        "import { compileEstate } from '../compile/compile-estate.js';\nvoid compileEstate;\n",
      );
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/^import-x\/no-restricted-paths: .*reconciler.*only src\/contracts/);
    });

    test('fails compile/ importing a later stage, and explain/ importing compile/', async () => {
      expect(await lintAs('src/compile/probe.ts', "import { validateManifests } from '../validate/validate-manifests.js';\n")).toHaveLength(
        1,
      );
      expect(await lintAs('src/explain/probe.ts', "import { compileEstate } from '../compile/compile-estate.js';\n")).toHaveLength(1);
    });

    test('passes the same imports where the pipeline allows them', async () => {
      expect(
        await lintAs('src/reconciler/probe.ts', "import type { ReconcilerPlan } from '../contracts/reconciler-plan.js';\n"),
      ).toStrictEqual([]);
      expect(await lintAs('src/app/probe.ts', "import { compileEstate } from '../compile/compile-estate.js';\n")).toStrictEqual([]);
    });
  });
});
