// Loads the bundled CLI (lib/cli.cjs) with V8's code cache (lib/cli.cjs.cache), which
// `npm run build` writes after a warm-up synth: V8 then skips parsing and compiling most of the
// CLI's functions, a large part of a cold start. A cache from another Node or V8 version is
// rejected by V8 and the CLI compiles as usual.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const CLI_FILE = fileURLToPath(new URL('../lib/cli.cjs', import.meta.url));

/** @typedef {{ out: (line: string) => void, err: (line: string) => void }} Console */

/**
 * @param {string} file the bundle; its cache is `<file>.cache`
 * @returns {{ main: (argv: readonly string[], console?: Console) => Promise<number>, cacheRejected: boolean | undefined, writeCaches: () => Promise<void> }}
 *   the CLI's `main`; whether V8 rejected the cache (undefined without one); and a function that
 *   writes the caches this start lacked: the CLI's, of the code compiled so far, when it had none V8
 *   accepted (to a temporary file first, so a reader never sees half of one), and those of the
 *   precompiled validators it loaded
 */
export function loadCli(file = CLI_FILE) {
  const cacheFile = `${file}.cache`;
  const source = readFileSync(file, 'utf8');
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  // The CommonJS module wrapper, as Node's own loader adds it.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new Script(wrapped, { filename: file, cachedData });
  const module = { exports: /** @type {{ main?: unknown, writeCodeCaches?: () => Promise<void> }} */ ({}) };
  /** @type {(...args: unknown[]) => void} */ (script.runInThisContext())(module.exports, createRequire(file), module, file, dirname(file));
  return {
    main: /** @type {(argv: readonly string[], console?: Console) => Promise<number>} */ (module.exports.main),
    cacheRejected: cachedData ? script.cachedDataRejected : undefined,
    writeCaches: async () => {
      if (!cachedData || script.cachedDataRejected) {
        const tmp = `${cacheFile}.tmp-${process.pid}`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      }
      await module.exports.writeCodeCaches?.();
    },
  };
}
