// @ts-check
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The pipeline runs one way: contracts ← intent ← constructs ← compile ← validate ← emit ← app ← cli.
 * A stage imports the shared contracts and the stages before it, never one after it. The reconciler
 * is a separate program bundled on its own: it imports only the contracts. Each zone below names a
 * folder and the folders it must not import from.
 */
const STAGES = ['contracts', 'intent', 'constructs', 'compile', 'validate', 'emit', 'app', 'cli'];
const TOOLS = ['explain'];
export const zones = [
  ...STAGES.slice(0, -1).map((stage, i) => ({
    target: `./src/${stage}`,
    from: [...STAGES.slice(i + 1), ...TOOLS, 'reconciler'].map((later) => `./src/${later}`),
    message: `${stage}/ may import only src/contracts and the stages before it (${STAGES.slice(0, i).join(', ') || 'none'}).`,
  })),
  {
    target: './src/cli',
    from: ['./src/reconciler'],
    message: 'The reconciler is a separate program; the CLI reaches it only through the compiled plan and bundle.',
  },
  {
    target: './src/explain',
    from: ['intent', 'constructs', 'compile', 'validate', 'app', 'cli', 'reconciler'].map((f) => `./src/${f}`),
    message: 'explain/ reads emitted manifests; it may import only src/contracts and src/emit.',
  },
  {
    target: './src/reconciler',
    from: ['./src', './imports'],
    except: ['./reconciler', './contracts'],
    message: 'The reconciler is bundled on its own and imports only src/contracts.',
  },
  {
    target: './src/contracts',
    from: ['./imports'],
    message: 'src/contracts holds plain types and rules that every stage shares; it imports no generated code.',
  },
];

export default tseslint.config(
  { ignores: ['imports/**', 'dist/**', 'lib/**', 'types/**', 'build/**', 'node_modules/**', '.scratch/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      // Numbers and booleans read naturally in messages; objects and undefined still do not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    // Tests read untyped YAML and JSON back and assert on it field by field; typing every probe
    // would hide what is asserted. Production code keeps the strict rules.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
